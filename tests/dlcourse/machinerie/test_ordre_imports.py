"""Tests de dlcourse.machinerie.ordre_imports : PyTorch et triton avant TensorFlow.

Les vérifications d'ordre d'import se font dans des processus neufs (celui des
tests a déjà tout importé) ; ils sont lancés ensemble pour gagner du temps.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import dlcourse
from dlcourse.machinerie import ordre_imports
from dlcourse.machinerie.ordre_imports import MODULES_A_CHARGER_D_ABORD, charger_torch_avant_tensorflow

SCRIPTS = {
    "dans_l_ordre": """\
        from dlcourse.machinerie.ordre_imports import charger_torch_avant_tensorflow
        charges = charger_torch_avant_tensorflow()
        import tensorflow
        import torch
        torch.optim.Adam([torch.zeros(1, requires_grad=True)])
        print("charges :", charges)
        """,
    # Un seul processus pour les deux cas « TensorFlow d'abord » (un import de
    # TensorFlow de moins) : la fonction refuse, puis import triton plante.
    "tensorflow_d_abord": """\
        import sys
        import tensorflow
        from dlcourse.machinerie.ordre_imports import charger_torch_avant_tensorflow
        try:
            charger_torch_avant_tensorflow()
        except RuntimeError as erreur:
            print("RuntimeError :", erreur)
        print("triton importé :", "triton" in sys.modules, flush=True)
        import triton
        print("pas de plantage")
        """,
}


def _sans_fichier_core() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@pytest.fixture(scope="module")
def processus(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Lance les scripts en parallèle et renvoie leurs résultats."""
    dossier = tmp_path_factory.mktemp("ordre-imports")
    racine = str(Path(dlcourse.__file__).resolve().parents[1])
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYTHONPATH": os.pathsep.join(filter(None, [racine, os.environ.get("PYTHONPATH")]))}
    lances = {nom: subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=dossier,
                                    env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, preexec_fn=_sans_fichier_core)
              for nom, script in SCRIPTS.items()}
    resultats = {}
    for nom, p in lances.items():
        sortie, erreurs = p.communicate(timeout=180)
        resultats[nom] = subprocess.CompletedProcess(p.args, p.returncode, sortie, erreurs)
    return resultats


def test_torch_avant_tensorflow_ne_plante_pas(processus):
    """Après ``charger_torch_avant_tensorflow``, TensorFlow puis un optimiseur PyTorch : rien."""
    resultat = processus["dans_l_ordre"]
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    assert "charges : ['torch', 'triton', 'torchvision']" in resultat.stdout


def test_tensorflow_puis_triton_plante(processus):
    """Le plantage évité : ``import tensorflow; import triton`` meurt par SIGSEGV."""
    resultat = processus["tensorflow_d_abord"]
    assert resultat.returncode == -signal.SIGSEGV, (resultat.returncode, resultat.stderr[-2000:])
    assert "pas de plantage" not in resultat.stdout


def test_trop_tard_apres_tensorflow(processus):
    """Appelée après ``import tensorflow`` : RuntimeError en français, sans charger triton."""
    resultat = processus["tensorflow_d_abord"]
    assert ("RuntimeError : TensorFlow est déjà importé : importez torch (et torchvision) "
            "avant tensorflow, sinon le processus plante au chargement de triton."
            in resultat.stdout)
    assert "triton importé : False" in resultat.stdout


def test_dans_ce_processus_tout_est_deja_charge():
    """Dans la session de tests (torch chargé d'abord), l'appel est sans effet et sans erreur."""
    assert {"torch", "triton", "tensorflow"} <= set(sys.modules)
    assert charger_torch_avant_tensorflow() == list(MODULES_A_CHARGER_D_ABORD)


def test_erreur_si_tensorflow_sans_triton(monkeypatch):
    """TensorFlow présent et triton absent de ``sys.modules`` : RuntimeError (même processus)."""
    monkeypatch.setitem(sys.modules, "tensorflow", sys.modules["tensorflow"])
    monkeypatch.delitem(sys.modules, "triton")
    with pytest.raises(RuntimeError, match="TensorFlow est déjà importé : importez torch"):
        charger_torch_avant_tensorflow()
    assert "triton" not in sys.modules


def test_un_module_absent_est_ignore(monkeypatch):
    """Un module de la liste qui n'est pas installé est sauté, pas une erreur."""
    monkeypatch.setattr(ordre_imports, "MODULES_A_CHARGER_D_ABORD",
                        ("torch", "module_absent_de_dlcourse", "torchvision"))
    assert charger_torch_avant_tensorflow() == ["torch", "torchvision"]
