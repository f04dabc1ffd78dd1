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
import functools
import posixpath
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
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


def titre_de_la_page(texte: str, entete: dict[str, Any], page: Path) -> str:
    """Le titre de niveau 1 d'une page, sinon le ``title`` de son en-tête, sinon son nom."""
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
    titre = titre_de_la_page(texte, entete, page)
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
    return [f"{p}=={_version_installee(p)}" for p in sorted(paquets)]


@functools.cache
def _version_installee(paquet: str) -> str:
    """La version installée d'un paquet (gardée : chaque lecture parcourt sys.path)."""
    from importlib import metadata

    return metadata.version(paquet)


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


# --- Les liens d'un carnet téléchargé -------------------------------------------------------
#
# Un carnet téléchargé s'ouvre hors du site (Jupyter, VS Code, Colab) : un lien relatif
# (« ../entrainement/concepts.md#1-les-fonctions-de-perte », « convolution.html ») n'y mène
# nulle part. À la construction, chaque lien relatif d'une cellule Markdown devient une
# adresse absolue du site publié si ``site_url`` est configuré, sinon du texte sans lien
# qui nomme la page du livre (et la section).


@dataclass(frozen=True)
class PageDuSite:
    """Une page du site, telle qu'un lien de carnet la cite."""

    adresse: str
    """Son adresse dans le site, relative à la racine (``entrainement/concepts.html``)."""
    titre: str
    """Son titre dans le menu (``6.1 Concepts d'entraînement``)."""
    sections: dict[str, str] = field(default_factory=dict)
    """Ses sections : ``{ancre: titre}`` (``{"1-les-fonctions-de-perte": "1. Les…"}``)."""


_CODE_EN_LIGNE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LIEN_MD = re.compile(
    r"(?P<image>!?)(?<!\\)\[(?P<texte>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<cible><[^<>\n]*>|[^\s()]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_LIEN_HTML = re.compile(r"<a\b[^>]*?\bhref=(?P<q>[\"'])(?P<cible>.*?)(?P=q)[^>]*>"
                        r"(?P<texte>.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_NUMERO = re.compile(r"^(?P<numero>(?:TP )?\d+(?:\.\d+)*)\.?\s+")
_SCHEMA = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_TITRE_DE_SECTION = re.compile(r"^#{2,6}[ \t]+(?P<titre>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")


def est_relatif(cible: str) -> bool:
    """Vrai si un lien ne mène nulle part hors du site (ni schéma ``https:``, ni ``//``)."""
    cible = cible.strip().strip("<>")
    return not _SCHEMA.match(cible) and not cible.startswith("//")


def _blocs_clotures(texte: str) -> dict[int, int]:
    """Les blocs clôturés d'un Markdown (le lecteur commun, `dlcourse.machinerie.pages.blocs`) :
    ``{première ligne: ligne qui suit la clôture fermante}``, numérotées depuis 0."""
    fin_du_texte = texte.count("\n") + 1
    return {b.ligne - 1: min(b.fin, fin_du_texte) for b in blocs(texte)}


def sections(texte: str) -> dict[str, str]:
    """Les titres de section d'une page Markdown : ``{ancre: titre}``.

    L'ancre est celle de l'extension ``toc`` de Python-Markdown (``4. L'entraînement``
    → ``4-lentrainement``) ; les blocs clôturés sont sautés.
    """
    from markdown.extensions.toc import slugify

    trouvees: dict[str, str] = {}
    lignes, clotures = texte.split("\n"), _blocs_clotures(texte)
    i = 0
    while i < len(lignes):
        if i in clotures:
            i = clotures[i]
            continue
        if m := _TITRE_DE_SECTION.match(lignes[i]):
            titre = m["titre"].replace("`", "").replace("*", "")
            trouvees.setdefault(slugify(titre, "-"), titre)
        i += 1
    return trouvees


def _proteger_le_code(markdown: str) -> tuple[str, list[str]]:
    """Remplace blocs clôturés et code en ligne par des marques : leurs crochets ne sont
    pas des liens."""
    proteges: list[str] = []

    def marque(texte: str) -> str:
        proteges.append(texte)
        return f"\x00{len(proteges) - 1}\x00"

    lignes, clotures, gardees = markdown.split("\n"), _blocs_clotures(markdown), []
    i = 0
    while i < len(lignes):
        if i in clotures:
            gardees.append(marque("\n".join(lignes[i:clotures[i]])))
            i = clotures[i]
        else:
            gardees.append(lignes[i])
            i += 1
    texte = _CODE_EN_LIGNE.sub(lambda m: marque(m.group()), "\n".join(gardees))
    return texte, proteges


def _restituer(texte: str, proteges: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: proteges[int(m.group(1))], texte)


def liens_relatifs(markdown: str) -> list[str]:
    """Les cibles des liens et images relatifs d'un texte Markdown (hors code)."""
    texte, _ = _proteger_le_code(markdown)
    cibles = [m["cible"] for m in _LIEN_MD.finditer(texte)]
    cibles += [m["cible"] for m in _LIEN_HTML.finditer(texte)]
    return [c for c in cibles if est_relatif(c)]


def _normaliser(texte: str) -> str:
    return " ".join(re.sub(r"[`*_]", "", texte).split()).casefold()


def liens_absolus(markdown: str, adresse: str, pages: Mapping[str, PageDuSite],
                  site_url: str | None = None) -> str:
    """Les liens relatifs d'une cellule Markdown, suivis hors du site.

    Parameters
    ----------
    markdown : str
        Le texte d'une cellule Markdown.
    adresse : str
        La page d'où vient le texte, relative à ``docs/`` (``entrainement/concepts.md``,
        ``tp/cnn-mnist-keras.ipynb``) : les liens relatifs partent de son dossier.
    pages : Mapping[str, PageDuSite]
        Les pages du site, par source (``entrainement/concepts.md``) et par adresse
        (``entrainement/concepts.html``).
    site_url : str, optional
        L'adresse du site publié (``site_url`` de ``mkdocs.yml``).

    Returns
    -------
    str
        Le texte, où chaque lien relatif (``[texte](page.md#ancre)``, ``<a href>``, image)
        mène à l'adresse absolue de sa cible dans ``site_url`` ; sans ``site_url``, il
        devient du texte sans lien suivi du titre de la page et de la section citées
        (« chapitre MNIST (« 6.4 Classifier MNIST… », section « 4. L'entraînement ») »).
        Le code (blocs clôturés, code en ligne) est laissé tel quel.
    """
    texte, proteges = _proteger_le_code(markdown)
    dossier = posixpath.dirname(adresse)

    def suivre(cible: str) -> tuple[str | None, PageDuSite | None, str]:
        """(l'adresse dans le site, la page, l'ancre) d'une cible relative."""
        from urllib.parse import unquote, urlsplit

        morceaux = urlsplit(cible.strip().strip("<>"))
        if morceaux.path.startswith("/"):
            chemin = posixpath.normpath(morceaux.path.lstrip("/"))
        elif morceaux.path:
            chemin = posixpath.normpath(posixpath.join(dossier, unquote(morceaux.path)))
        else:
            chemin = adresse
        page = pages.get(chemin)
        return (page.adresse if page else chemin), page, morceaux.fragment

    def absolue(chemin: str, ancre: str) -> str:
        from urllib.parse import quote, urljoin

        url = urljoin(site_url.rstrip("/") + "/", quote(chemin))
        return f"{url}#{ancre}" if ancre else url

    def en_clair(texte_du_lien: str, page: PageDuSite | None, chemin: str, ancre: str,
                 dans_une_parenthese: bool) -> str:
        if page is None:
            precision = f"fichier « {chemin} » du site du livre"
        else:
            section = page.sections.get(ancre) if ancre else None
            precision = f"« {page.titre} »" + (f", section « {section} »" if section else "")
            numero = _NUMERO.match(page.titre)
            noms = {_normaliser(page.titre)}
            if numero:
                noms |= {_normaliser(numero["numero"]),
                         _normaliser(page.titre[numero.end():])}
            if _normaliser(texte_du_lien) in noms:  # « [5.2](…) », « [Les callbacks](…) »
                return precision
        # Déjà entre parenthèses : des crochets, comme le veut la typographie française.
        return (f"{texte_du_lien} [{precision}]" if dans_une_parenthese
                else f"{texte_du_lien} ({precision})")

    def entre_parentheses(m: re.Match[str]) -> bool:
        paragraphe = m.string[m.string.rfind("\n\n", 0, m.start()) + 1:m.start()]
        apres = m.string[m.end():m.end() + 1]
        return paragraphe.count("(") > paragraphe.count(")") and apres != "("

    def lien_md(m: re.Match[str]) -> str:
        if not est_relatif(m["cible"]):
            return m.group()
        chemin, page, ancre = suivre(m["cible"])
        if site_url:
            return f"{m['image']}[{m['texte']}]({absolue(chemin, ancre)})"
        if m["image"]:
            return f"{m['texte']} (image du site du livre, absente du carnet)"
        return en_clair(" ".join(m["texte"].split()), page, chemin, ancre,
                        entre_parentheses(m))

    def lien_html(m: re.Match[str]) -> str:
        if not est_relatif(m["cible"]):
            return m.group()
        chemin, page, ancre = suivre(m["cible"])
        if site_url:
            return m.group().replace(m["cible"], absolue(chemin, ancre), 1)
        return en_clair(" ".join(m["texte"].split()), page, chemin, ancre,
                        entre_parentheses(m))

    texte = _LIEN_MD.sub(lien_md, texte)
    texte = _LIEN_HTML.sub(lien_html, texte)
    return _restituer(texte, proteges)


def carnet_hors_du_site(carnet_: nbformat.NotebookNode, adresse: str,
                        pages: Mapping[str, PageDuSite],
                        site_url: str | None = None) -> nbformat.NotebookNode:
    """Le carnet, où chaque cellule Markdown a ses liens suivis hors du site (`liens_absolus`).

    Modifie ``carnet_`` et le renvoie. Les images des carnets sont des sorties de
    cellules (PNG en base64) : elles ne dépendent d'aucun lien.
    """
    for cellule in carnet_.cells:
        if cellule.cell_type == "markdown":
            cellule.source = liens_absolus(cellule.source, adresse, pages, site_url)
    return carnet_
