"""La recherche du livre trouve ce qu'on tape : en français, avec ou sans accents, et en anglais.

Une seule page ouverte par origine (HTTP, puis ``file://`` sans réseau) ; les
requêtes y sont tapées l'une après l'autre dans la boîte de recherche de
Material, comme un lecteur. Pour chacune : la page attendue en premier, et
toutes les pages qui emploient le mot parmi les résultats.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REQUETES = [
    # Termes anglais donnés entre parenthèses ou en italique (séparateur de mkdocs.yml).
    ("overfitting", "glossaire.html"),
    ("underfitting", "glossaire.html"),
    ("backpropagation", "glossaire.html"),
    ("early stopping", "glossaire.html"),
    ("dropout", "evaluation/regularisation.html"),
    ("callbacks", "entrainement/callbacks.html"),
    ("autograd", "pytorch/tenseurs.html"),
    # Français, avec et sans accents.
    ("surapprentissage", "evaluation/regularisation.html"),
    ("rétropropagation", "introduction/retropropagation.html"),
    ("époque", "donnees/jeux-de-donnees.html"),
    ("régularisation", "evaluation/regularisation.html"),
    ("entropie croisée", "glossaire.html"),
    ("entropie croisee", "glossaire.html"),
    ("matrice de confusion", "evaluation/metriques.html"),
    ("fonction d'activation", "introduction/activations.html"),
    ("apprentissage par transfert", "evaluation/transfert.html"),
    ("tenseur", "pytorch/tenseurs.html"),
    ("XOR", "introduction/xor.html"),
]
"""Chaque requête et la page qu'elle doit donner en premier."""

SANS_ACCENTS_EN_PREMIER = [
    ("retropropagation", "introduction/retropropagation.html"),
    ("epoque", "donnees/jeux-de-donnees.html"),
    ("regularisation", "evaluation/regularisation.html"),
]
"""Sans accents, la même page vient en premier : la forme sans accents des mots
du titre de chaque section est dans un champ à part de l'index, qui pèse plus
que le texte (`dlcourse.machinerie.recherche`)."""

MOTS_TROUVES_PARTOUT = {"overfitting": "overfitting", "underfitting": "underfitting",
                        "backpropagation": "backpropagation",
                        "retropropagation": "rétropropagation"}
"""Requête → mot : toutes les pages qui emploient le mot sont parmi les résultats
(des mots employés sur moins de dix pages : Material n'affiche que les dix premiers
résultats tant qu'on ne fait pas défiler la liste)."""

_META = ".md-search-result__meta"


def _page_du_resultat(url: str, base: str) -> str:
    return unquote(urlsplit(url).path)[len(urlsplit(base).path):]


def _pages_contenant(site: Path, mot: str) -> set[str]:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {d["location"].split("#")[0] or "index.html" for d in index["docs"]
            if mot in re.sub(r"<span hidden>.*?</span>", "", f"{d['title']} {d['text']}").lower()}


def chercher(page, requete: str, base: str) -> list[str]:
    """Tape ``requete`` dans la boîte de recherche ouverte ; les pages trouvées, dans l'ordre."""
    champ = page.locator("input.md-search__input")
    # Vider d'abord : Material revient à « Taper pour démarrer la recherche ».
    champ.fill("")
    champ.press("Backspace")
    page.wait_for_function(f"() => /Taper/.test(document.querySelector('{_META}').textContent)")
    # Material réagit au clavier : la dernière lettre est tapée.
    champ.fill(requete[:-1])
    champ.press(requete[-1])
    page.wait_for_function(
        f"() => !/Taper|Initialis/.test(document.querySelector('{_META}').textContent)")
    liens = page.locator(".md-search-result__item > a").evaluate_all(
        "liens => liens.map(a => a.href)")
    return list(dict.fromkeys(_page_du_resultat(u, base) for u in liens))


def _ouvrir(navigateur, origine: str, site: Path, serveur: str, bloqueur):
    contexte = navigateur.new_context()
    if origine == "file":
        base = site.resolve().as_uri() + "/"
        bloqueur(contexte, lambda url: url.startswith(("file:", "data:", "blob:", "about:")))
        contexte.set_offline(True)
    else:
        base = serveur
    page = contexte.new_page()
    page.goto(base + "index.html")
    page.click("input.md-search__input")
    page.wait_for_function(f"() => /Taper/.test(document.querySelector('{_META}').textContent)")
    return contexte, page, base


@pytest.fixture(scope="module", params=["http", "file"])
def resultats(request, navigateur, site_construit, serveur, bloqueur) -> dict[str, list[str]]:
    """Les pages trouvées pour chaque requête, dans une seule page ouverte par origine."""
    contexte, page, base = _ouvrir(navigateur, request.param, site_construit, serveur, bloqueur)
    requetes = ([r for r, _ in REQUETES] + [r for r, _ in SANS_ACCENTS_EN_PREMIER]
                + list(MOTS_TROUVES_PARTOUT))
    trouvees = {r: chercher(page, r, base) for r in dict.fromkeys(requetes)}
    contexte.close()
    return trouvees


def test_premier_resultat(resultats):
    """Chaque requête de `REQUETES` donne sa page en premier (HTTP et ``file://``)."""
    erreurs = [f"« {r} » : {resultats[r][:3] or 'rien'} au lieu de {attendue} d'abord"
               for r, attendue in REQUETES if not resultats[r] or resultats[r][0] != attendue]
    assert not erreurs, "\n".join(erreurs)


def test_sans_accents_meme_premier_resultat(resultats):
    """Chaque requête de `SANS_ACCENTS_EN_PREMIER` donne sa page en premier, comme avec
    ses accents (HTTP et ``file://``), sans déranger `REQUETES` (« fonction d'activation »)."""
    erreurs = [f"« {r} » : {resultats[r][:3]} au lieu de {attendue} d'abord"
               for r, attendue in SANS_ACCENTS_EN_PREMIER if resultats[r][:1] != [attendue]]
    assert not erreurs, "\n".join(erreurs)


def test_toutes_les_pages_qui_emploient_le_mot(resultats, site_construit):
    """Un terme anglais entre parenthèses, un mot tapé sans accents : chaque page qui
    l'emploie est trouvée (pas seulement le glossaire)."""
    erreurs = []
    for requete, mot in MOTS_TROUVES_PARTOUT.items():
        attendues = _pages_contenant(site_construit, mot)
        assert attendues, f"aucune page n'emploie « {mot} »"
        if manquantes := attendues - set(resultats[requete]):
            erreurs.append(f"« {requete} » ne trouve pas {sorted(manquantes)}")
    assert not erreurs, "\n".join(erreurs)


def test_apercus_sans_code_ni_latex(site_construit):
    """Les aperçus des résultats montrent de la prose : l'index de recherche ne contient
    ni bloc de code, ni LaTeX brut, ni « ¶ » (``data-search-exclude``,
    `dlcourse.machinerie.hook_carnets_tp.exclure_de_la_recherche`)."""
    index = json.loads((site_construit / "search/search_index.json").read_text("utf-8"))
    erreurs = [f"{d['location']} : {m.group()!r}" for d in index["docs"]
               if (m := re.search(r"<pre>|\\[(\[]|¶|Copied!", d["text"]))]
    assert not erreurs, f"{len(erreurs)} sections :\n" + "\n".join(erreurs[:20])
