"""Les carnets Jupyter des travaux pratiques : sources, exécution, carnet publié.

Les sources des carnets sont des fichiers Python au format *percent* de
jupytext (``snippets/tp/<nom>.py`` : cellules ``# %%`` et
``# %% [markdown]``), lisibles dans un diff. Un carnet est une cible de la
construction du livre comme un chemin de page (`dlcourse.machinerie.figures`,
``make figures``) : même exécution (un processus neuf issu d'un serveur
d'exécution, le profil installé de l'extérieur), même règle d'empreinte
(le code des cellules, pas la prose), même appareil et mêmes versions
détectés. Ce module :

1. lit une source avec jupytext et en fait une demande d'exécution
   (`demande_du_carnet`) : ses cellules de code et les résultats déclarés
   dans son en-tête (``dlcourse: resultats: {nom: expression}``) ;
2. assemble le carnet publié (`assembler_carnet`) : les sorties de chaque
   cellule (texte, figures, valeur de la dernière expression), les marques
   ``{{ resultat carnet.nom format }}`` des cellules Markdown remplacées
   (`dlcourse.machinerie.resultats`), les cellules ``solution`` repliées, et
   dans les métadonnées ``dlcourse`` le rapport de l'exécution ;
3. écrit ``docs/tp/<nom>.ipynb``. Si seule la prose de la source change, le
   carnet est réassemblé avec les sorties enregistrées, sans exécution.

Utilisé par les pages ``docs/tp/`` (via `dlcourse.machinerie.hook_carnets_tp`),
par `dlcourse.machinerie.figures` et par ``tests/tp/``.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dlcourse.donnees.profils import PROFILS
from dlcourse.machinerie.execution import Demande
from dlcourse.machinerie.ordre_imports import frameworks_importes
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE
from dlcourse.machinerie.resultats import remplacer

DOSSIER_SOURCES = RACINE / "snippets" / "tp"
"""Les sources des carnets (format *percent* de jupytext)."""

DOSSIER_CARNETS = DOSSIER_DOCS / "tp"
"""Où sont écrits les carnets exécutés (des pages du site)."""

ETIQUETTE_SOLUTION = "solution"
"""L'étiquette (*tag*) des cellules de solution, repliées dans le carnet et dans le site."""

CLE = "dlcourse"
"""La clé des métadonnées du carnet réservée au livre."""


_MARQUE = re.compile(r"\{\{\s*resultat\s+(?P<carnet>[\w-]+)\.")


class ErreurCarnet(RuntimeError):
    """Une source de carnet est mal formée ou son exécution a échoué."""


@dataclass(frozen=True)
class Carnet:
    """Un carnet de travaux pratiques : sa source et le carnet exécuté qu'elle produit."""

    nom: str
    source: Path
    cible: Path


def carnets(dossier_sources: Path = DOSSIER_SOURCES,
            dossier_carnets: Path = DOSSIER_CARNETS) -> list[Carnet]:
    """Les carnets du livre, triés par nom.

    Parameters
    ----------
    dossier_sources : Path
        Le dossier des sources ``.py``.
    dossier_carnets : Path
        Le dossier où vont les ``.ipynb``.

    Returns
    -------
    list[Carnet]
        Un carnet par fichier ``*.py`` des sources.
    """
    return [Carnet(s.stem, s, Path(dossier_carnets) / f"{s.stem}.ipynb")
            for s in sorted(Path(dossier_sources).glob("*.py"))]


def carnet(nom: str) -> Carnet:
    """Le carnet de ce nom (``cnn-mnist-keras``…).

    Raises
    ------
    ErreurCarnet
        Si aucune source ne porte ce nom.
    """
    tous = {c.nom: c for c in carnets()}
    if nom not in tous:
        raise ErreurCarnet(f"carnet {nom!r} inconnu ; carnets : {', '.join(tous) or 'aucun'}.")
    return tous[nom]


def lire_source(source: str | Path) -> Any:
    """Lit une source jupytext : un ``nbformat.NotebookNode`` sans sorties.

    Raises
    ------
    ErreurCarnet
        Si le fichier n'existe pas ou n'a aucune cellule de code.
    """
    import jupytext

    source = Path(source)
    if not source.is_file():
        raise ErreurCarnet(f"source de carnet introuvable : {source}")
    nb = jupytext.read(source, fmt="py:percent")
    if not any(c.cell_type == "code" for c in nb.cells):
        raise ErreurCarnet(f"{source.name} : aucune cellule de code (format percent attendu).")
    return nb


def resultats_declares(nb: Any) -> dict[str, str]:
    """Les résultats déclarés dans l'en-tête d'une source : ``{nom: expression}``."""
    declaration = (nb.metadata.get(CLE) or {}).get("resultats") or {}
    if not isinstance(declaration, Mapping):
        raise ErreurCarnet("l'en-tête dlcourse.resultats doit associer un nom à une "
                           "expression.")
    return {str(k): str(v) for k, v in declaration.items()}


def citations(nb: Any) -> list[str]:
    """Les carnets cités par les marques ``{{ resultat carnet.nom }}`` des cellules Markdown."""
    noms = {m["carnet"] for c in nb.cells if c.cell_type == "markdown"
            for m in _MARQUE.finditer(c.source)}
    return sorted(noms)


def lire_metadonnees(chemin: str | Path) -> dict[str, Any]:
    """Les métadonnées ``dlcourse`` d'un carnet exécuté (vide s'il n'existe pas)."""
    chemin = Path(chemin)
    if not chemin.is_file():
        return {}
    return dict(json.loads(chemin.read_text(encoding="utf-8"))["metadata"].get(CLE) or {})


def executions(dossier_carnets: Path = DOSSIER_CARNETS) -> dict[str, dict[str, Any]]:
    """Les métadonnées ``dlcourse`` de chaque carnet exécuté : ``{nom: métadonnées}``.

    C'est la forme qu'attend `dlcourse.machinerie.resultats.remplacer` : la marque
    ``{{ resultat cnn-mnist-keras.exactitude_test pourcent }}`` y lit
    ``resultats.exactitude_test`` du carnet ``cnn-mnist-keras``.
    """
    return {p.stem: lire_metadonnees(p) for p in sorted(Path(dossier_carnets).glob("*.ipynb"))}


_JOURNAL_NATIF = re.compile(r"^[IWEF]\d{4} [\d:. ]+\d+ [\w.]+:\d+\] .*\n?|"
                            r"^WARNING: All log messages before absl::InitializeLog.*\n?",
                            re.MULTILINE)


def demande_du_carnet(source: str | Path) -> Demande:
    """La demande d'exécution d'un carnet : ses cellules de code et ses résultats déclarés."""
    source = Path(source).resolve()
    nb = lire_source(source)
    cellules = [c.source for c in nb.cells if c.cell_type == "code"]
    return Demande(nom=f"tp/{source.stem}", cellules=cellules,
                   resultats=resultats_declares(nb),
                   frameworks=sorted(frameworks_importes(cellules)))


def _sorties(rapport: Mapping[str, Any], rang: int) -> list[Any]:
    """Les sorties Jupyter d'une cellule : texte écrit, figures, valeur finale."""
    import nbformat

    sorties = []
    texte = _JOURNAL_NATIF.sub("", (rapport.get("sorties") or {}).get(str(rang), ""))
    if texte:
        sorties.append(nbformat.v4.new_output("stream", name="stdout", text=texte))
    for image in (rapport.get("images") or {}).get(str(rang), []):
        sorties.append(nbformat.v4.new_output("display_data", data={
            "image/png": image, "text/plain": "<Figure>"}))
    valeur = (rapport.get("valeurs") or {}).get(str(rang))
    if valeur is not None:
        sorties.append(nbformat.v4.new_output("execute_result", data={"text/plain": valeur},
                                              execution_count=rang + 1))
    return sorties


def assembler_carnet(source: str | Path, rapport: Mapping[str, Any], empreinte_code: str,
                     autres: Mapping[str, Mapping[str, Any]] | None = None) -> Any:
    """Le carnet publié : la source, les sorties d'une exécution et ses métadonnées.

    Parameters
    ----------
    source : str or Path
        Le fichier ``.py`` au format percent.
    rapport : Mapping
        Le rapport d'exécution (`dlcourse.machinerie.execution.executer`).
    empreinte_code : str
        L'empreinte du code exécuté (`dlcourse.machinerie.figures.empreinte`).
    autres : Mapping, optional
        Les métadonnées des autres carnets, pour les marques qui les citent.

    Raises
    ------
    ErreurCarnet
        Si une marque ``{{ resultat … }}`` cite un résultat inconnu.
    """
    import nbformat

    source = Path(source).resolve()
    nb = lire_source(source)
    nb.metadata.pop(CLE, None)
    nb.metadata.pop("jupytext", None)
    from dlcourse.machinerie.carnets import installation

    code = [c.source for c in nb.cells if c.cell_type == "code"]
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(installation(code)))
    rang = 0
    for numero, cellule in enumerate(nb.cells, start=1):
        cellule["id"] = f"cellule-{numero:02d}"
        if ETIQUETTE_SOLUTION in cellule.metadata.get("tags", []):
            cellule.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        if cellule.cell_type == "code":
            cellule.outputs = _sorties(rapport, rang)
            cellule.execution_count = rang + 1
            rang += 1
    meta = {
        "source": str(source.relative_to(RACINE)) if source.is_relative_to(RACINE) else str(source),
        "empreinte": empreinte_code,
        "profil": rapport["profil"],
        "date": rapport.get("date") or datetime.now(UTC).isoformat(timespec="seconds"),
        "duree_s": rapport["duree_s"],
        "duree_cpu_s": rapport.get("duree_cpu_s"),
        "appareil": rapport["appareil"],
        "versions": rapport["versions"],
        "donnees": rapport["donnees"],
        "resultats": rapport["resultats"],
    }
    citees = dict(autres or {})
    citees[source.stem] = meta
    cites = {}
    for cellule in nb.cells:
        if cellule.cell_type == "markdown" and "{{" in cellule.source:
            for nom in {m["carnet"] for m in _MARQUE.finditer(cellule.source)}:
                if nom != source.stem:
                    cites[nom] = (citees.get(nom) or {}).get("empreinte")
            try:
                cellule.source = remplacer(cellule.source, citees, "", {})
            except KeyError as erreur:
                raise ErreurCarnet(f"{source.name} : {erreur.args[0]}") from erreur
    meta["citations"] = dict(sorted(cites.items()))
    nb.metadata[CLE] = meta
    return nb


def rapport_enregistre(chemin: str | Path) -> dict[str, Any]:
    """Reconstruit le rapport d'exécution d'un carnet publié (sorties comprises).

    Sert à réassembler un carnet dont seule la prose a changé, sans l'exécuter.
    """
    import nbformat

    chemin = Path(chemin)
    nb = nbformat.read(chemin, as_version=4)
    meta = dict(nb.metadata.get(CLE) or {})
    sorties, images, valeurs = {}, {}, {}
    for rang, cellule in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for sortie in cellule.outputs:
            if sortie.output_type == "stream":
                sorties[str(rang)] = sorties.get(str(rang), "") + sortie.text
            elif sortie.output_type == "display_data" and "image/png" in sortie.data:
                images.setdefault(str(rang), []).append(sortie.data["image/png"])
            elif sortie.output_type == "execute_result":
                valeurs[str(rang)] = sortie.data.get("text/plain")
    return {**meta, "sorties": sorties, "images": images, "valeurs": valeurs}


def executer_carnet(source: str | Path, profil: str,
                    autres: Mapping[str, Mapping[str, Any]] | None = None,
                    serveurs: Any = None) -> Any:
    """Exécute une source de carnet dans un processus neuf et renvoie le carnet publié.

    Le carnet s'exécute comme les chemins des pages : un enfant neuf d'un
    serveur d'exécution (`dlcourse.machinerie.serveur`) qui n'a chargé que les
    frameworks que le carnet importe, avec le profil installé de l'extérieur.

    Raises
    ------
    ErreurProfil
        Si le profil est inconnu.
    ErreurCarnet
        Si une cellule échoue (le message nomme la cellule et reprend l'erreur).
    """
    from dlcourse.donnees.profils import ErreurProfil
    from dlcourse.machinerie.figures import empreinte_du_code
    from dlcourse.machinerie.serveur import Serveurs

    if profil not in PROFILS:
        raise ErreurProfil(f"profil : {profil!r} inconnu ; choisissez parmi {', '.join(PROFILS)}.")
    demande = demande_du_carnet(source)
    with tempfile.TemporaryDirectory(prefix="dlcourse-carnet-") as dossier:
        if serveurs is None:
            with Serveurs() as locaux:
                rapport = locaux.executer(demande, profil, dossier)
        else:
            rapport = serveurs.executer(demande, profil, dossier)
    if rapport.get("echec"):
        echec = rapport["echec"]
        raise ErreurCarnet(f"{Path(source).name} ({profil}) : la cellule de code "
                           f"{echec.get('ligne')} a échoué :\n{echec['message']}")
    return assembler_carnet(source, rapport, empreinte_du_code(demande), autres)


def ecrire(nb: Any) -> str:
    """Le texte JSON d'un carnet publié (nbformat 4, indentation 1, fin de ligne finale)."""
    import nbformat

    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def ecrire_carnet(nb: Any, chemin: str | Path) -> Path:
    """Écrit un carnet exécuté (JSON nbformat 4, indentation 1, fin de ligne finale)."""
    import nbformat

    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    chemin.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return chemin


def _ordre(liste: list[Carnet]) -> list[Carnet]:
    """Les carnets cités d'abord : un carnet qui en cite un autre vient après lui."""
    restants = {c.nom: c for c in liste}
    dependances = {c.nom: set(citations(lire_source(c.source))) - {c.nom} for c in liste}
    ordre: list[Carnet] = []
    while restants:
        prets = [n for n in restants if not dependances[n] & set(restants)]
        if not prets:
            raise ErreurCarnet(f"citations circulaires entre carnets : {', '.join(restants)}.")
        for nom in sorted(prets):
            ordre.append(restants.pop(nom))
    return ordre


def perimes(liste: list[Carnet] | None = None) -> list[tuple[Carnet, str]]:
    """Les carnets à reconstruire ou à réécrire, avec la raison en français.

    La règle est celle des pages (`dlcourse.machinerie.figures.perimees`) :
    un carnet est périmé si l'empreinte de son code a changé ; il est à
    réécrire, sans exécution, si seule sa prose a changé.
    """
    from dlcourse.machinerie.figures import (
        a_reassembler,
        cibles_des_carnets,
        raison_de_reconstruire,
    )

    liste = carnets() if liste is None else liste
    par_source = {c.page: c for c in cibles_des_carnets()}
    a_refaire = []
    for c in liste:
        cible = par_source[c.source]
        raison = raison_de_reconstruire(cible) or a_reassembler(cible)
        if raison:
            a_refaire.append((c, raison))
    return a_refaire
