"""Lire une page du livre : en-tête, inclusions développées, blocs de code, onglets.

Ce module sert aux tests (chaque chemin Keras ou PyTorch d'une page est
exécuté seul) et à la construction des figures. Les inclusions ``--8<--`` sont
développées par le préprocesseur de ``pymdownx.snippets`` lui-même, avec la
configuration de ``mkdocs.yml`` : le code exécuté est exactement le code
affiché.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import yaml
from mkdocs.utils.meta import get_data

RACINE = Path(__file__).resolve().parents[2]
"""La racine du dépôt (où se trouvent ``mkdocs.yml``, ``docs/`` et ``snippets/``)."""

DOSSIER_DOCS = RACINE / "docs"

ONGLET = re.compile(r'^(?P<retrait> *)=== "(?P<nom>[^"]+)"\s*$')
"""Une ligne qui ouvre un onglet Material (``=== "Keras"``) : le seul motif des onglets."""

ENCADRE = re.compile(r'^(?P<retrait> *)(?:!!!|\?\?\?\+?) +(?P<type>[\w-]+)[^"]*'
                     r'(?:"(?P<titre>[^"]*)")?\s*$')
"""Une ligne qui ouvre un encadré Material (``!!! tip``, ``??? success "Solution"``)."""

_CONTENEUR = re.compile(r"^(?P<retrait> *)(?:!!!|\?\?\?\+?) ")
_CLOTURE = re.compile(r"^(?P<retrait> *)(?P<marque>`{3,}|~{3,})\s*(?P<langage>[\w+-]*)")


@dataclass(frozen=True)
class Bloc:
    """Un bloc de code clôturé d'une page, après développement des inclusions."""

    langage: str
    code: str
    ligne: int
    onglet: str | None
    fin: int = 0
    """La ligne de la clôture fermante (numérotée à partir de 1, comme ``ligne``)."""

    @property
    def source_python(self) -> str:
        """Le code à exécuter : tel quel, ou les sources d'un bloc ``>>>`` (doctest)."""
        if self.code.lstrip().startswith(">>>"):
            exemples = doctest.DocTestParser().get_examples(self.code)
            return "".join(exemple.source for exemple in exemples)
        return self.code


class _Chargeur(yaml.SafeLoader):
    """Lit ``mkdocs.yml`` en ignorant les balises ``!!python/...``."""


_Chargeur.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


@cache
def configuration_inclusions() -> dict[str, Any]:
    """La configuration de ``pymdownx.snippets`` lue dans ``mkdocs.yml``.

    Returns
    -------
    dict
        Les options de l'extension, avec ``base_path`` en chemins absolus.
    """
    config = yaml.load((RACINE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Chargeur)
    for extension in config.get("markdown_extensions", []):
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = dict(extension["pymdownx.snippets"] or {})
            break
    else:
        options = {}
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    options["base_path"] = [str((RACINE / b).resolve()) for b in bases]
    return options


def developper_inclusions(texte: str) -> str:
    """Remplace chaque ligne ``--8<--`` par le contenu qu'elle inclut.

    Parameters
    ----------
    texte : str
        Le Markdown d'une page.

    Returns
    -------
    str
        Le Markdown tel que MkDocs le rend, inclusions comprises.

    Raises
    ------
    pymdownx.snippets.SnippetMissingError
        Si un fichier ou une section inclus n'existe pas.
    """
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": configuration_inclusions()})
    return "\n".join(md.preprocessors["snippet"].run(texte.split("\n")))


def lire_page(chemin: str | Path) -> tuple[str, dict[str, Any]]:
    """Lit une page : son Markdown (inclusions développées) et son en-tête YAML.

    Parameters
    ----------
    chemin : str or Path
        Le fichier ``.md``.

    Returns
    -------
    tuple[str, dict]
        Le Markdown sans l'en-tête, et l'en-tête (vide s'il n'y en a pas).
    """
    texte, entete = get_data(Path(chemin).read_text(encoding="utf-8"))
    return developper_inclusions(texte), entete


def blocs(texte: str) -> list[Bloc]:
    """Les blocs de code clôturés d'un Markdown, avec l'onglet qui les contient.

    Parameters
    ----------
    texte : str
        Du Markdown (inclusions déjà développées).

    Returns
    -------
    list[Bloc]
        Dans l'ordre de la page. ``onglet`` est le nom de l'onglet Material
        (``=== "Keras"``) le plus proche qui contient le bloc, ou ``None``.
    """
    trouves: list[Bloc] = []
    pile: list[tuple[int, str | None]] = []  # (retrait, nom d'onglet ou None)
    lignes = texte.split("\n")
    i = 0
    while i < len(lignes):
        ligne = lignes[i]
        if ligne.strip():
            retrait = len(ligne) - len(ligne.lstrip(" "))
            while pile and pile[-1][0] >= retrait:
                pile.pop()
        if m := ONGLET.match(ligne):
            pile.append((len(m["retrait"]), m["nom"]))
        elif m := _CONTENEUR.match(ligne):
            pile.append((len(m["retrait"]), None))
        elif m := _CLOTURE.match(ligne):
            fin = i + 1
            while fin < len(lignes) and not (
                lignes[fin].strip().startswith(m["marque"])
                and lignes[fin].strip().strip(m["marque"][0]) == ""
            ):
                fin += 1
            code = textwrap.dedent("\n".join(lignes[i + 1:fin]))
            onglet = next((nom for _, nom in reversed(pile) if nom is not None), None)
            trouves.append(Bloc(m["langage"].lower(), code.rstrip() + "\n", i + 1, onglet,
                                fin + 1))
            i = fin
        i += 1
    return trouves


def blocs_python(chemin: str | Path) -> list[Bloc]:
    """Les blocs ``python`` d'une page, inclusions développées."""
    texte, _ = lire_page(chemin)
    return [b for b in blocs(texte) if b.langage in ("python", "py")]


def onglets(chemin: str | Path) -> list[str]:
    """Les noms des onglets qui contiennent du code Python, dans l'ordre d'apparition."""
    return list(dict.fromkeys(b.onglet for b in blocs_python(chemin) if b.onglet))


def code_du_chemin(chemin: str | Path, onglet: str | None) -> list[str]:
    """Le code d'un chemin de lecture : les blocs hors onglets et ceux d'un onglet.

    Parameters
    ----------
    chemin : str or Path
        La page.
    onglet : str or None
        ``"Keras"``, ``"PyTorch"``… ou ``None`` pour les seuls blocs hors onglets.

    Returns
    -------
    list[str]
        Le code de chaque bloc, dans l'ordre de la page : ce qu'exécute un
        lecteur qui ne suit que cet onglet.
    """
    return [b.source_python for b in blocs_python(chemin) if b.onglet in (None, onglet)]


def pages(dossier: str | Path = DOSSIER_DOCS) -> list[Path]:
    """Toutes les pages Markdown du livre, triées."""
    return sorted(Path(dossier).rglob("*.md"))


def pages_du_menu(configuration: str | Path | None = None) -> list[Path]:
    """Les fichiers du menu de ``mkdocs.yml`` (pages ``.md`` et carnets ``.ipynb``), dans l'ordre.

    C'est la seule liste des chapitres du livre : les tests et la construction
    la lisent ici au lieu de la répéter.

    Returns
    -------
    list[Path]
        Les chemins absolus, dans l'ordre du menu.
    """
    fichier = Path(configuration) if configuration else RACINE / "mkdocs.yml"
    config = yaml.load(fichier.read_text(encoding="utf-8"), Loader=_Chargeur)
    dossier = fichier.parent / config.get("docs_dir", "docs")
    trouves: list[Path] = []

    def parcourir(noeud: Any) -> None:
        if isinstance(noeud, str):
            trouves.append((dossier / noeud).resolve())
        elif isinstance(noeud, dict):
            for valeur in noeud.values():
                parcourir(valeur)
        elif isinstance(noeud, list):
            for element in noeud:
                parcourir(element)

    parcourir(config.get("nav", []))
    return trouves
