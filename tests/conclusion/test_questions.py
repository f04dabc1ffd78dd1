"""Le chapitre « Questions et réponses ».

Page : docs/conclusion/questions.md. Les questions et réponses couvrent les
erreurs promises, et la démonstration du plantage de l'ordre d'import
(question 4) reste vraie sur les versions installées : elle demande un
processus neuf, où aucun framework n'est encore importé.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "conclusion" / "questions.md"


@pytest.mark.parametrize("sujet", ["Expected shape", "from_logits", "normalis",
                                   "Segmentation fault", "mémoire", "anciens tutoriels"])
def test_les_questions_couvrent_les_erreurs_courantes(sujet):
    titres = "\n".join(ligne for ligne in PAGE.read_text(encoding="utf-8").split("\n")
                       if ligne.startswith(("## ", "**Symptôme", "**Cause")))
    assert sujet in titres, f"aucune question ne traite de « {sujet} »"


def test_l_ordre_d_import_inverse_plante_si_triton_est_installe():
    """La question 4 : ``import tensorflow; import torchvision`` plante (SIGSEGV) avec triton."""
    pytest.importorskip("triton")
    fini = subprocess.run([sys.executable, "-c", "import tensorflow; import torchvision"],
                          capture_output=True, timeout=300, check=False)
    assert fini.returncode == -11


def test_l_ordre_d_import_correct_ne_plante_pas():
    """La question 4 : ``import torch, torchvision, tensorflow`` réussit, avec ou sans triton."""
    fini = subprocess.run([sys.executable, "-c", "import torch, torchvision, tensorflow"],
                          capture_output=True, timeout=300, check=False)
    assert fini.returncode == 0, fini.stderr[-2000:]
