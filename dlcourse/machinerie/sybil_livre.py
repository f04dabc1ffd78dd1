"""Sybil, le lanceur des blocs de code des pages, réglé pour le livre.

Sybil exécute chaque bloc ``python`` d'une page (doctests ``>>>`` compris),
après que les lignes ``--8<--`` ont été développées comme MkDocs le fait :
le code exécuté est le code affiché. Un *chemin* (les blocs hors onglets et
ceux d'un onglet) s'exécute dans un seul espace de noms, dans un processus
neuf (`dlcourse.machinerie.execution`).
"""

from __future__ import annotations

import doctest
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sybil import Document, Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

from dlcourse.machinerie.pages import blocs, developper_inclusions

OPTIONS_DOCTEST = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
"""Les options des doctests des pages (``...`` et espaces souples)."""


class PageDeveloppee(Document):
    """Une page Markdown dont les lignes ``--8<--`` sont développées avant l'analyse."""

    @classmethod
    def parse(cls, path: str, *parsers: Any, encoding: str = "utf-8") -> Document:
        texte = developper_inclusions(Path(path).read_text(encoding=encoding))
        document = cls(texte, path)
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


SYBIL = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONS_DOCTEST)],
    path="docs",
    patterns=["*.md"],
    document_types={".md": PageDeveloppee},
)
"""La configuration Sybil du livre."""


@dataclass
class ExempleDuChemin:
    """Un exemple Sybil d'un chemin, avec la ligne de son bloc dans la page source."""

    exemple: Any
    bloc: int
    """Le rang du bloc ``python`` dans la page (0 pour le premier)."""
    ligne: int
    """La ligne de l'exemple dans le fichier ``.md`` (à partir de 1) ; pour un bloc qui
    inclut un extrait (``--8<--``), celle de sa clôture ouvrante."""
    onglet: str | None


def exemples_du_chemin(page: str | Path, onglet: str | None) -> list[ExempleDuChemin]:
    """Les exemples Sybil d'un chemin de lecture, dans l'ordre de la page.

    Parameters
    ----------
    page : str or Path
        La page ``.md``.
    onglet : str or None
        L'onglet suivi (``"Keras"``…) ou ``None`` pour les seuls blocs hors onglets.

    Returns
    -------
    list[ExempleDuChemin]
        Les exemples des blocs hors onglets et de cet onglet.
    """
    page = Path(page)
    document = SYBIL.parse(page)
    developpes = [b for b in blocs(document.text) if b.langage in ("python", "py")]
    sources = [b for b in blocs(page.read_text(encoding="utf-8"))
               if b.langage in ("python", "py")]
    memes = len(sources) == len(developpes)
    debuts = [0]
    for ligne in document.text.split("\n"):
        debuts.append(debuts[-1] + len(ligne) + 1)
    choisis = []
    for exemple in document.examples():
        rang = max(i for i, b in enumerate(developpes) if debuts[b.ligne - 1] <= exemple.start)
        bloc = developpes[rang]
        if bloc.onglet in (None, onglet):
            ligne = bloc.ligne
            if memes:
                # la ligne du fichier source ; dans un bloc sans inclusion, celle de l'exemple
                ligne = sources[rang].ligne
                decalage = getattr(exemple.parsed, "lineno", None)  # un exemple doctest
                if sources[rang].code == bloc.code and isinstance(decalage, int):
                    ligne += 1 + decalage
            choisis.append(ExempleDuChemin(exemple, rang, ligne, bloc.onglet))
    return choisis
