"""Configuration de la session de tests (racine du dépôt).

1. PyTorch est chargé avant TensorFlow : l'ordre inverse fait planter le
   processus (voir ``dlcourse/ordre_imports.py``).
2. Le profil *rapide* est actif pour toute la session : les chargeurs de
   données reçoivent les échantillons livrés, le code des pages ne change pas.
3. Sybil exécute chaque bloc ``python`` de chaque page de ``docs/``, onglets et
   encadrés compris, dans l'ordre de la page, après avoir développé les
   inclusions ``--8<--`` comme MkDocs : le code testé est le code affiché.
   Chaque onglet s'exécute dans son propre espace de noms.
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

from dlcourse.pages import blocs, developper_inclusions  # noqa: E402
from dlcourse.profils import activer_profil  # noqa: E402

activer_profil("rapide")


class PageDeveloppee(Document):
    """Une page Markdown dont les lignes ``--8<--`` sont développées avant l'analyse.

    Chaque onglet (Keras, PyTorch) a son propre espace de noms, comme chez un
    lecteur qui ne suit qu'un onglet : les deux onglets peuvent ainsi nommer
    leur modèle ``model``. Un bloc hors onglet s'exécute dans l'espace de
    chaque onglet de la page.
    """

    @classmethod
    def parse(cls, path: str, *parsers, encoding: str = "utf-8") -> Document:
        texte = developper_inclusions(Path(path).read_text(encoding=encoding))
        document = cls(texte, path)
        for parser in parsers:
            for region in parser(document):
                document.add(region)
        document._separer_les_onglets()
        return document

    def _separer_les_onglets(self) -> None:
        lignes = [b for b in blocs(self.text) if b.langage in ("python", "py")]
        noms = list(dict.fromkeys(b.onglet for b in lignes if b.onglet)) or [None]
        self.espaces: dict[str | None, dict] = {nom: {} for nom in noms}

        def onglet_de(position: int) -> str | None:
            ligne = self.text.count("\n", 0, position) + 1
            avant = [b for b in lignes if b.ligne <= ligne]
            return avant[-1].onglet if avant else None

        for _, region in self.regions:
            region.evaluator = self._evaluer_par_onglet(region.evaluator, onglet_de(region.start))

    def _evaluer_par_onglet(self, evaluer, onglet: str | None):
        def evaluateur(example):
            cibles = [onglet] if onglet is not None else list(self.espaces)
            for nom in cibles:
                example.namespace = self.espaces[nom]
                echec = evaluer(example)
                if echec:
                    return f"[onglet {nom}] {echec}" if nom else echec
            return None

        return evaluateur


_dossiers: list[tuple[str, tempfile.TemporaryDirectory]] = []


def _avant_la_page(namespace: dict) -> None:
    """Chaque page s'exécute dans un dossier temporaire, comme chez un lecteur."""
    dossier = tempfile.TemporaryDirectory(prefix="dlcourse-page-")
    _dossiers.append((os.getcwd(), dossier))
    os.chdir(dossier.name)


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
