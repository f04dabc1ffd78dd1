"""Configuration de la session de tests (racine du dépôt).

1. PyTorch est chargé avant TensorFlow : l'ordre inverse fait planter le
   processus (voir ``dlcourse/ordre_imports.py``).
2. Le profil *rapide* est actif pour toute la session : les chargeurs de
   données reçoivent les échantillons livrés, le code des pages ne change pas.
3. Sybil exécute chaque bloc ``python`` de chaque page de ``docs/``, onglets et
   encadrés compris, dans l'ordre de la page, après avoir développé les
   inclusions ``--8<--`` comme MkDocs : le code testé est le code affiché.
"""

from __future__ import annotations

import doctest
import os
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")
# Keras lit KERAS_HOME à l'import : un dossier jetable, jamais le vrai cache.
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="dlcourse-keras-home-")

from dlcourse.ordre_imports import charger_torch_avant_tensorflow  # noqa: E402

charger_torch_avant_tensorflow()

from sybil import Document, Sybil  # noqa: E402
from sybil.parsers.markdown import PythonCodeBlockParser  # noqa: E402

from dlcourse.pages import developper_inclusions  # noqa: E402
from dlcourse.profils import activer_profil  # noqa: E402

activer_profil("rapide")


class PageDeveloppee(Document):
    """Une page Markdown dont les lignes ``--8<--`` sont développées avant l'analyse."""

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> Document:
        texte = developper_inclusions(Path(path).read_text(encoding=encoding))
        document = cls(texte, path)
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        return document


_dossiers: list[tuple[str, tempfile.TemporaryDirectory]] = []


def _avant_la_page(namespace: dict) -> None:
    """Chaque page s'exécute dans un dossier temporaire, comme chez un lecteur."""
    dossier = tempfile.TemporaryDirectory(prefix="dlcourse-page-")
    _dossiers.append((os.getcwd(), dossier))
    os.chdir(dossier.name)
    namespace["__name__"] = "__main__"


def _apres_la_page(namespace: dict) -> None:
    import matplotlib.pyplot as plt

    plt.close("all")
    ancien, dossier = _dossiers.pop()
    os.chdir(ancien)
    dossier.cleanup()


OPTIONS_DOCTEST = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

sybil_pages = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONS_DOCTEST)],
    path="docs",
    patterns=["*.md"],
    setup=_avant_la_page,
    teardown=_apres_la_page,
    document_types={".md": PageDeveloppee},
)

pytest_collect_file = sybil_pages.pytest()
