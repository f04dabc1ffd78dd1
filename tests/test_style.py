"""Le code du projet passe ruff (style et erreurs courantes)."""

from __future__ import annotations

import subprocess
import sys

from dlcourse.machinerie.pages import RACINE


def test_ruff():
    fini = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "dlcourse", "snippets", "tests", "benchmarks",
         "conftest.py"],
        cwd=RACINE, capture_output=True, text=True, check=False,
    )
    assert fini.returncode == 0, fini.stdout + fini.stderr
