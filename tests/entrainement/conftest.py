"""Ce que partagent les tests des chapitres d'entraînement : exécuter un extrait seul."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def executer_extrait(tmp_path_factory, monkeypatch_module
                     ) -> Callable[[Path], tuple[dict[str, Any], Path]]:
    """Exécute un fichier d'extrait de haut en bas, dans un dossier neuf (comme un lecteur).

    Renvoie la fonction ``executer(fichier) -> (espace de noms, dossier)`` ; le
    dossier courant est rétabli à la fin du module de tests.
    """
    def executer(fichier: Path) -> tuple[dict[str, Any], Path]:
        dossier = tmp_path_factory.mktemp(fichier.stem)
        monkeypatch_module.chdir(dossier)
        return runpy.run_path(str(fichier)), dossier

    return executer
