"""Le chapitre « Questions et réponses ».

Page : docs/conclusion/questions.md. Les questions et réponses couvrent les
erreurs promises, et la démonstration du plantage de l'ordre d'import
(question 4) reste vraie sur les versions installées. Elle demande un
processus neuf, où aucun framework n'est encore importé : la page la montre
en commandes ``python -c`` dans des blocs ``bash``, que les chemins de la page
n'exécutent pas ; ce test lance ces commandes telles que la page les écrit,
une fois par suite (et non une fois par onglet).
"""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys

import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS, blocs, lire_page

PAGE = DOSSIER_DOCS / "conclusion" / "questions.md"


def commande_de_la_page(importe: str) -> str:
    """Le code de la commande ``python -c "..."`` de la page qui contient ``importe``."""
    texte, _ = lire_page(PAGE)
    codes = [shlex.split(ligne, comments=True)[2]
             for bloc in blocs(texte) if bloc.langage == "bash"
             for ligne in bloc.code.splitlines() if ligne.startswith("python -c ")]
    trouves = [code for code in codes if importe in code]
    assert len(trouves) == 1, f"la page doit montrer une commande python -c avec « {importe} »"
    return trouves[0]


@pytest.mark.parametrize("sujet", ["Expected shape", "from_logits", "normalis",
                                   "Segmentation fault", "mémoire", "anciens tutoriels"])
def test_les_questions_couvrent_les_erreurs_courantes(sujet):
    titres = "\n".join(ligne for ligne in PAGE.read_text(encoding="utf-8").split("\n")
                       if ligne.startswith(("## ", "**Symptôme", "**Cause")))
    assert sujet in titres, f"aucune question ne traite de « {sujet} »"


def test_l_ordre_d_import_inverse_plante_si_triton_est_installe():
    """La question 4 : ``import tensorflow; import torchvision`` plante (SIGSEGV) avec triton."""
    pytest.importorskip("triton")
    code = commande_de_la_page("import tensorflow; import torchvision")
    fini = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300,
                          check=False)
    assert fini.returncode == -11


def test_l_ordre_d_import_correct_ne_plante_pas():
    """La question 4 : ``import torch, torchvision, tensorflow`` réussit, avec ou sans triton."""
    code = commande_de_la_page("import torch, torchvision, tensorflow")
    fini = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300,
                          check=False)
    assert fini.returncode == 0, fini.stderr[-2000:]


def test_la_commande_qui_detecte_triton_dit_vrai():
    """La question 4 : la première commande affiche ``True`` si, et seulement si, triton est là."""
    code = commande_de_la_page("find_spec('triton')")
    fini = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert fini.stdout.strip() == str(importlib.util.find_spec("triton") is not None)
