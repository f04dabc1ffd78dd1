"""Une recherche du site qui trouve les mots français avec ou sans accents.

La recherche de Material (lunr) compare les mots tels quels : « epoque » ne
trouve pas « époque ». Après la construction, `enrichir_index` ajoute au texte
de chaque section de l'index la forme sans accents des mots accentués qu'elle
contient, dans un ``<span hidden>`` (invisible dans l'aperçu des résultats).
Un lecteur qui tape « retropropagation » trouve ainsi les pages qui parlent
de « rétropropagation ». La forme sans accents des mots du titre va aussi dans
un champ à part, qui pèse plus que le texte : « epoque » classe d'abord la
section « Lots, époques et mélange », comme « époque ».

Appelé par le crochet MkDocs (`dlcourse.machinerie.hook_mkdocs`, à la fin de la
construction) ; testé dans le navigateur par ``tests/navigateur``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

_MOT = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_BALISE = re.compile(r"<[^>]+>")
_DEBUT_JS = "var __index = "


def sans_accents(texte: str) -> str:
    """Retire les accents et cédilles : ``"rétropropagation"`` donne ``"retropropagation"``.

    Les ligatures restent (``"œ"``) : elles ne sont pas des accents.
    """
    decompose = unicodedata.normalize("NFD", texte)
    return unicodedata.normalize("NFC", "".join(c for c in decompose
                                               if unicodedata.category(c) != "Mn"))


def mots_replies(texte: str) -> list[str]:
    """Les mots accentués d'un texte (balises HTML ignorées), sans leurs accents, une fois chacun.

    Parameters
    ----------
    texte : str
        Le texte d'une section de l'index (du HTML simple).

    Returns
    -------
    list[str]
        Dans l'ordre d'apparition, en minuscules.
    """
    vus: dict[str, None] = {}
    for mot in _MOT.findall(_BALISE.sub(" ", texte)):
        replie = sans_accents(mot.lower())
        if replie != mot.lower():
            for morceau in re.split(r"['’]", replie):
                if len(morceau) > 1:
                    vus.setdefault(morceau)
    return list(vus)


CHAMP_TITRE_SANS_ACCENTS = "titre_sans_accents"
"""Le champ de l'index qui reçoit la forme sans accents des mots accentués du titre."""

POIDS_TITRE_SANS_ACCENTS = 100.0
"""Son poids dans le classement (le titre pèse 1 000, le texte 1 dans Material).

Mesuré dans le navigateur sur ce livre (``tests/navigateur/test_recherche.py``) :
sous 20, « epoque » classe d'abord les TP, dont le code écrit ``epoque`` à chaque
ligne ; au-dessus de 800, « fonction d'activation » classe d'abord
« Environnement de développement » (Material cherche « d* », qui trouve
« developpement » dans ce champ). 100 est loin des deux bords.
"""


def enrichir(index: dict[str, Any]) -> dict[str, Any]:
    """Ajoute à chaque section de l'index la forme sans accents de ses mots accentués.

    - Au texte, les mots du titre et du texte, dans un ``<span hidden>`` que
      l'aperçu des résultats ne montre pas : « retropropagation » trouve chaque
      page qui emploie « rétropropagation ».
    - Dans un champ à part, `CHAMP_TITRE_SANS_ACCENTS`, ceux du titre, déclaré
      dans ``config.fields`` avec son poids (`POIDS_TITRE_SANS_ACCENTS`) :
      « epoque » classe d'abord la section « Lots, époques et mélange », comme
      « époque ». Le titre lui-même ne change pas (les y ajouter, avec le poids
      du titre, faisait passer « Environnement de développement » devant « Les
      fonctions d'activation » pour « fonction d'activation »). Le script de
      recherche de Material indexe chaque champ de ``config.fields`` et y
      cherche chaque mot de la requête.

    Raises
    ------
    ValueError
        Si ``index`` n'a pas la forme d'un index de recherche de Material (clé ``docs``).
    """
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        raise ValueError("enrichir : l'index de recherche doit contenir une liste « docs ».")
    for doc in index["docs"]:
        mots = mots_replies(f"{doc.get('title', '')} {doc.get('text', '')}")
        if mots:
            doc["text"] = f"{doc.get('text', '')} <span hidden> {' '.join(mots)} </span>"
        if dans_le_titre := mots_replies(doc.get("title", "")):
            doc[CHAMP_TITRE_SANS_ACCENTS] = " ".join(dans_le_titre)
    champs = index.setdefault("config", {}).setdefault("fields", {})
    champs[CHAMP_TITRE_SANS_ACCENTS] = {"boost": POIDS_TITRE_SANS_ACCENTS}
    return index


def enrichir_index(site: str | Path) -> None:
    """Enrichit ``search/search_index.json`` d'un site construit, et sa copie hors ligne.

    Parameters
    ----------
    site : str or Path
        Le dossier du site. ``search/search_index.js`` (écrit par le greffon
        ``offline`` pour la lecture depuis ``file://``) est réécrit s'il existe.

    Raises
    ------
    FileNotFoundError
        Si le site n'a pas d'index de recherche.
    """
    dossier = Path(site) / "search"
    fichier = dossier / "search_index.json"
    if not fichier.is_file():
        raise FileNotFoundError(f"enrichir_index : pas d'index de recherche dans {dossier}.")
    index = enrichir(json.loads(fichier.read_text(encoding="utf-8")))
    texte = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    fichier.write_text(texte, encoding="utf-8")
    hors_ligne = dossier / "search_index.js"
    if hors_ligne.is_file():
        hors_ligne.write_text(_DEBUT_JS + texte, encoding="utf-8")
