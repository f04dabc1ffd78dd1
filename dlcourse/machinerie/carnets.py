"""Transformer une page du livre en carnets Jupyter, un par chemin de lecture.

Un *chemin* est ce que lit un lecteur qui ne suit qu'un onglet : les blocs
hors onglets et ceux de l'onglet Keras (ou PyTorch), dans l'ordre de la page
(`dlcourse.machinerie.pages.code_du_chemin`). Une page à onglets donne donc un carnet
par onglet qui contient du code ; une page sans onglets en donne un seul.

Chaque bloc ``python`` du chemin devient une cellule de code (pour un
doctest ``>>>``, ses seules instructions) ; la prose qui les sépare devient
des cellules Markdown : le texte des autres onglets disparaît, les encadrés
(``!!! tip``, ``??? success``) deviennent un titre en gras suivi de leur
contenu, les résultats cités (``{{ resultat … }}``) sont remplacés par leur
valeur et les marques ``{{ figure … }}`` sont retirées (le code du carnet
dessine la figure).

Utilisé par le crochet MkDocs (`dlcourse.machinerie.hook_mkdocs`), qui publie les
carnets de chaque page avec le site (dossier ``carnets/``) et place les liens
de téléchargement sous le titre de la page, et par ``tests/test_pages.py``,
qui exécute les cellules de code de chaque carnet dans un processus neuf.
"""

from __future__ import annotations

import doctest
import posixpath
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import nbformat

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.ordre_imports import modules_importes
from dlcourse.machinerie.pages import ENCADRE, ONGLET, blocs, code_du_chemin, lire_page

COMMUN = "commun"
"""Le nom, dans ``resultats.json``, du chemin d'une page sans onglets."""

DOSSIER_CARNETS = "carnets"
"""Le dossier du site qui reçoit les carnets (``carnets/partie/page-keras.ipynb``)."""

_FIGURE = re.compile(r"^\s*\{\{\s*figure\s+[\w.-]+\s*\}\}\s*$")
_RESULTAT = re.compile(r"\{\{\s*resultat\s+[^}]*\}\}")
_TITRE = re.compile(r"^# +(?P<titre>.+?)\s*$", re.MULTILINE)

_ENCADRES = {
    "note": ("📝", "Note"),
    "abstract": ("📋", "En bref"),
    "info": ("ℹ️", "Information"),
    "tip": ("💡", "Astuce"),
    "success": ("✅", "Solution"),
    "question": ("❓", "Question"),
    "warning": ("⚠️", "Attention"),
    "failure": ("❌", "Échec"),
    "danger": ("⚠️", "Danger"),
    "bug": ("🐞", "Bogue"),
    "example": ("🧪", "Exemple"),
    "quote": ("💬", "Citation"),
}
"""Pour chaque type d'encadré Material : un symbole et le titre par défaut."""


def _python(bloc: Any) -> bool:
    return bloc.langage in ("python", "py")


def chemins(page: str | Path) -> list[str | None]:
    """Les chemins de lecture d'une page qui donnent un carnet.

    Parameters
    ----------
    page : str or Path
        Le fichier ``.md``.

    Returns
    -------
    list[str or None]
        Les onglets qui contiennent du code Python (``["Keras", "PyTorch"]``),
        ``[None]`` pour une page sans onglets qui a du code, ``[]`` pour une
        page sans code Python.
    """
    texte, _ = lire_page(page)
    python = [b for b in blocs(texte) if _python(b)]
    noms = list(dict.fromkeys(b.onglet for b in python if b.onglet))
    return noms or ([None] if python else [])


def _slug(texte: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def nom_du_carnet(src_uri: str, onglet: str | None) -> str:
    """L'adresse, dans le site, du carnet d'un chemin.

    Parameters
    ----------
    src_uri : str
        La page, relative à ``docs/`` (``entrainement/mnist-mlp.md``).
    onglet : str or None
        L'onglet du chemin, ou ``None`` pour une page sans onglets.

    Returns
    -------
    str
        Par exemple ``carnets/entrainement/mnist-mlp-keras.ipynb``, ou
        ``carnets/entrainement/mnist-mlp.ipynb`` sans onglet.

    Raises
    ------
    ValueError
        Si ``src_uri`` n'est pas une page Markdown.
    """
    if not src_uri.endswith(".md"):
        raise ValueError(f"nom_du_carnet : {src_uri!r} n'est pas une page Markdown (.md).")
    base = src_uri[: -len(".md")]
    suffixe = f"-{_slug(onglet)}" if onglet else ""
    return posixpath.join(DOSSIER_CARNETS, f"{base}{suffixe}.ipynb")


def _titre(texte: str, entete: dict[str, Any], page: Path) -> str:
    if m := _TITRE.search(texte):
        return m["titre"]
    return str(entete.get("title") or page.stem)


def _remplacer_resultats(markdown: str, page: Path, entete: dict[str, Any]) -> str:
    """Les résultats cités, comme sur le site ; les figures sont retirées."""
    markdown = "\n".join(ligne for ligne in markdown.split("\n") if not _FIGURE.match(ligne))
    if "{{" not in markdown or not entete.get("execution"):
        return markdown
    from dlcourse.machinerie.resultats import remplacer

    executions = lire_resultats(page)

    def citer(m: re.Match[str]) -> str:
        try:
            return remplacer(m[0], executions, page.stem, {})
        except (KeyError, ValueError):  # la construction du site, elle, échoue
            return "(valeur de la prochaine exécution complète)"

    return _RESULTAT.sub(citer, markdown)


def _sections(texte: str, onglet: str | None, onglets_code: set[str]) -> list[tuple[str, Any]]:
    """Découpe la page en ``("markdown", texte)`` et ``("code", bloc)``, dans l'ordre."""
    tous = blocs(texte)
    par_ligne = {b.ligne: b for b in tous}
    lignes = texte.split("\n")
    sections: list[tuple[str, Any]] = []
    prose: list[str] = []
    pile: list[tuple[int, bool]] = []  # (retrait du conteneur, son contenu est-il gardé ?)

    def retirer(ligne: str) -> str:
        retrait = 4 * len(pile)
        espaces = len(ligne) - len(ligne.lstrip(" "))
        return ligne[min(retrait, espaces):]

    def vider() -> None:
        texte_ = "\n".join(x if x.strip() else "" for x in prose)
        markdown = re.sub(r"\n{3,}", "\n\n", texte_).strip("\n")
        if markdown.strip():
            sections.append(("markdown", markdown))
        prose.clear()

    n = 1
    while n <= len(lignes):
        ligne = lignes[n - 1]
        if ligne.strip():
            retrait = len(ligne) - len(ligne.lstrip(" "))
            while pile and pile[-1][0] >= retrait:
                pile.pop()
        garde = all(g for _, g in pile)
        if n in par_ligne:  # un bloc clôturé : du code, ou du texte à garder tel quel
            bloc = par_ligne[n]
            if garde and _python(bloc) and bloc.onglet in (None, onglet):
                vider()
                sections.append(("code", bloc))
            elif garde and not _python(bloc):
                prose.extend(retirer(x) for x in lignes[n - 1:bloc.fin])
            n = bloc.fin + 1
            continue
        if m := ONGLET.match(ligne):
            nom = m["nom"]
            if garde and nom not in onglets_code:
                prose.extend([retirer(f"{m['retrait']}**{nom}**"), ""])
            pile.append((len(m["retrait"]), nom == onglet or nom not in onglets_code))
        elif m := ENCADRE.match(ligne):
            if garde:
                symbole, defaut = _ENCADRES.get(m["type"], ("📌", m["type"].capitalize()))
                titre = m["titre"] if m["titre"] is not None else defaut
                entete = f"{symbole} **{titre}**" if titre else symbole
                prose.extend([retirer(f"{m['retrait']}{entete}"), ""])
            pile.append((len(m["retrait"]), True))
        elif garde:
            prose.append(retirer(ligne))
        n += 1
    vider()
    return sections


def carnet(page: str | Path, onglet: str | None) -> nbformat.NotebookNode:
    """Le carnet Jupyter d'un chemin de lecture d'une page.

    Parameters
    ----------
    page : str or Path
        Le fichier ``.md``.
    onglet : str or None
        Un onglet de `chemins` (``"Keras"``), ou ``None`` pour une page sans onglets.

    Returns
    -------
    nbformat.NotebookNode
        Un carnet nbformat 4 valide : une cellule Markdown d'introduction,
        puis la prose et le code du chemin. Ses cellules de code sont
        exactement `dlcourse.machinerie.pages.code_du_chemin` ``(page, onglet)``
        (`code_par_bloc` ; un doctest ``>>>`` donne une cellule par exemple).

    Raises
    ------
    ValueError
        Si la page n'a pas ce chemin (onglet absent, ou page sans code).
    """
    page = Path(page)
    possibles = chemins(page)
    if onglet not in possibles:
        noms = ", ".join("sans onglet" if c is None else repr(c) for c in possibles)
        raise ValueError(f"{page.name} : pas de carnet pour le chemin {onglet!r} "
                         f"(chemins de la page : {noms or 'aucun, la page n’a pas de code'}).")
    texte, entete = lire_page(page)
    onglets_code = {c for c in possibles if c}
    titre = _titre(texte, entete, page)
    chemin = (f"le chemin **{onglet}** : les blocs hors onglets et ceux de l'onglet {onglet}"
              if onglet else "tout le code de la page")
    introduction = (f"*Carnet généré à partir de la page « {titre} » du livre Deep Learning avec "
                    f"TensorFlow/Keras et PyTorch, avec {chemin}. Exécutez les cellules dans "
                    "l'ordre, de haut en bas.*")
    cellules = [nbformat.v4.new_markdown_cell(introduction),
                nbformat.v4.new_markdown_cell(installation(code_du_chemin(page, onglet)))]
    rapport = lire_resultats(page).get(onglet or COMMUN) or {}
    rangs = [rang for rang, b in enumerate(b for b in blocs(texte) if _python(b))
             if b.onglet in (None, onglet)]
    numero_bloc = 0
    for nature, contenu in _sections(texte, onglet, onglets_code):
        if nature == "code":
            rang = rangs[numero_bloc] if numero_bloc < len(rangs) else None
            sources = _cellules_du_bloc(contenu)
            for i, source in enumerate(sources):
                cellule = nbformat.v4.new_code_cell(
                    source, metadata={"dlcourse": {"bloc": numero_bloc}})
                if contenu.code.lstrip().startswith(">>>"):
                    cellule.outputs = _sortie_du_doctest(contenu.code, i)
                elif i == len(sources) - 1 and rang is not None:
                    cellule.outputs = _sorties_du_bloc(rapport, rang, page)
                cellules.append(cellule)
            numero_bloc += 1
        else:
            cellules.append(nbformat.v4.new_markdown_cell(
                _remplacer_resultats(contenu, page, entete)))
    for numero, cellule in enumerate(cellules):
        cellule["id"] = f"cellule-{numero:03d}"  # stable d'une construction à l'autre
    metadonnees = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "dlcourse": {"page": page.name, "chemin": onglet or "commun"},
    }
    resultat = nbformat.v4.new_notebook(cells=cellules, metadata=metadonnees)
    nbformat.validate(resultat)
    return resultat


PAQUETS_PYPI = {
    "tensorflow": "tensorflow", "keras": "keras", "torch": "torch",
    "torchvision": "torchvision", "numpy": "numpy", "matplotlib": "matplotlib",
    "sklearn": "scikit-learn", "scipy": "scipy", "pandas": "pandas",
    "scikeras": "scikeras", "skorch": "skorch",
}
"""Module importé par le code du livre → paquet PyPI qui le fournit."""

DEPENDANCES = {"keras": "tensorflow", "scikeras": "tensorflow", "torchvision": "torch",
               "skorch": "torch"}
"""Ce qu'un paquet demande en plus, à la version du livre (Keras 3 tourne ici sur TensorFlow)."""


def paquets_requis(codes: list[str]) -> list[str]:
    """Les paquets PyPI, avec la version installée (celle des exécutions du livre).

    Raises
    ------
    ValueError
        Si le code importe un module qui n'est ni de la bibliothèque standard
        ni dans `PAQUETS_PYPI` (le message le nomme).
    """
    from importlib import metadata

    importes = modules_importes(codes)
    inconnus = sorted(m for m in importes
                      if m not in PAQUETS_PYPI and m not in sys.stdlib_module_names)
    if inconnus:
        raise ValueError(f"module(s) importé(s) sans paquet connu : {', '.join(inconnus)} "
                         "(ajoutez-les à PAQUETS_PYPI dans dlcourse/machinerie/carnets.py).")
    paquets = {PAQUETS_PYPI[m] for m in importes if m in PAQUETS_PYPI}
    for paquet, moteur in DEPENDANCES.items():
        if paquet in paquets:
            paquets.add(moteur)
    paquets = sorted(paquets)
    return [f"{p}=={metadata.version(p)}" for p in paquets]


def installation(codes: list[str]) -> str:
    """La cellule Markdown qui dit ce qu'il faut installer pour exécuter le carnet."""
    paquets = paquets_requis(codes)
    if not paquets:
        return ("*Ce carnet n'a besoin que de Python (3.11 ou plus récent) : aucune "
                "bibliothèque à installer.*")
    return ("**Avant de commencer.** Ce carnet n'a besoin que de bibliothèques publiées sur "
            "PyPI, aux versions avec lesquelles le livre l'a exécuté (Python 3.11). Dans un "
            "terminal, ou dans une cellule de Colab précédée de `%` :\n\n"
            f"```\npip install {' '.join(paquets)}\n```\n\n"
            "Les données viennent des chargeurs des bibliothèques elles-mêmes (téléchargées "
            "à la première exécution) : aucun fichier du dépôt du livre n'est nécessaire.")


def _sortie_du_doctest(code: str, rang: int) -> list[Any]:
    """La sortie attendue d'un exemple ``>>>`` (vérifiée par les tests), comme Jupyter l'affiche."""
    exemples = doctest.DocTestParser().get_examples(code)
    attendu = exemples[rang].want.rstrip("\n") if rang < len(exemples) else ""
    if not attendu:
        return []
    return [nbformat.v4.new_output("execute_result", data={"text/plain": attendu},
                                   execution_count=None)]


def _sorties_du_bloc(rapport: dict[str, Any], rang: int, page: Path) -> list[Any]:
    """Ce que le bloc a écrit et les figures qu'il a montrées, à la dernière exécution complète."""
    import base64

    sorties = []
    texte = (rapport.get("sorties") or {}).get(str(rang))
    if texte:
        sorties.append(nbformat.v4.new_output("stream", name="stdout", text=texte + "\n"))
    for fichier in (rapport.get("figures_par_bloc") or {}).get(str(rang), []):
        image = page.with_suffix("") / fichier
        if image.is_file():
            sorties.append(nbformat.v4.new_output("display_data", data={
                "image/png": base64.b64encode(image.read_bytes()).decode("ascii"),
                "text/plain": "<Figure>"}))
    return sorties


def _cellules_du_bloc(bloc: Any) -> list[str]:
    """Le code d'un bloc en cellules : une par exemple ``>>>`` d'un doctest.

    Jupyter n'affiche que la valeur de la dernière ligne d'une cellule : chaque
    exemple d'un doctest a donc sa cellule, pour que chaque sortie s'affiche.
    """
    if bloc.code.lstrip().startswith(">>>"):
        return [exemple.source for exemple in doctest.DocTestParser().get_examples(bloc.code)]
    return [bloc.source_python]


def code_des_cellules(carnet_: nbformat.NotebookNode) -> list[str]:
    """Le code des cellules de code d'un carnet, dans l'ordre."""
    return [c.source for c in carnet_.cells if c.cell_type == "code"]


def code_par_bloc(carnet_: nbformat.NotebookNode) -> list[str]:
    """Le code des cellules regroupé par bloc de la page (les exemples d'un doctest réunis).

    Returns
    -------
    list[str]
        Pour un carnet généré par `carnet`, exactement
        `dlcourse.machinerie.pages.code_du_chemin` du même chemin.
    """
    blocs_: dict[int, str] = {}
    for numero, cellule in enumerate(c for c in carnet_.cells if c.cell_type == "code"):
        bloc = cellule.metadata.get("dlcourse", {}).get("bloc", f"cellule {numero}")
        blocs_[bloc] = blocs_.get(bloc, "") + cellule.source
    return list(blocs_.values())


def ecrire(carnet_: nbformat.NotebookNode) -> str:
    """Le texte JSON d'un carnet (ce que contient le fichier ``.ipynb``)."""
    return nbformat.writes(carnet_) + "\n"
