"""Tests de dlcourse.machinerie.ordre_imports : PyTorch et triton avant TensorFlow.

L'ordre sûr se vérifie dans un processus neuf (celui des tests a peut-être
déjà importé un framework). Le plantage de l'ordre inverse (TensorFlow puis triton) est montré
par ``tests/conclusion/test_questions.py``, sur la commande même de la page :
il n'est pas refait ici. Le refus « trop tard » se vérifie dans ce processus,
avec un faux module ``tensorflow`` (la garde ne lit que ``sys.modules``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import resource
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import dlcourse
from dlcourse.machinerie import ordre_imports
from dlcourse.machinerie.ordre_imports import (
    MODULES_A_CHARGER_D_ABORD,
    charger_frameworks,
    charger_torch_avant_tensorflow,
    frameworks_importes,
    retirer_torch_d_abord,
    torch_d_abord_a_la_demande,
)

NOMS = ("torch", "triton", "torchvision", "tensorflow")

SCRIPTS = {
    # La garde de la session de tests : rien n'est importé d'avance ; au premier
    # import de Keras, PyTorch et triton passent juste avant TensorFlow.
    "a_la_demande": f"""\
        import sys
        from dlcourse.machinerie.ordre_imports import (
            charger_frameworks,
            torch_d_abord_a_la_demande,
        )
        NOMS = {NOMS!r}
        torch_d_abord_a_la_demande()
        print("rien encore :", [m for m in NOMS if m in sys.modules])
        import keras
        print("ordre :", [m for m in sys.modules if m in NOMS])
        print("les deux :", charger_frameworks(["tensorflow", "torch"]))
        import torch
        torch.optim.Adam([torch.zeros(1, requires_grad=True)])
        print("optimiseur créé")
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
    """``torch_d_abord_a_la_demande`` n'importe rien ; ``import keras`` charge alors
    PyTorch et triton d'abord, puis un optimiseur PyTorch se crée sans plantage."""
    resultat = processus["a_la_demande"]
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    installes = [m for m in NOMS if importlib.util.find_spec(m) is not None]
    assert resultat.stdout.splitlines() == [
        "rien encore : []",
        f"ordre : {installes}",
        # PyTorch est déjà là ; les deux frameworks, TensorFlow en dernier.
        f"les deux : {[m for m in installes if m != 'tensorflow'] + ['tensorflow', 'keras']}",
        "optimiseur créé",
    ]


def test_trop_tard_apres_tensorflow(monkeypatch):
    """Après ``import tensorflow`` : RuntimeError en français, sans charger triton ni rien."""
    monkeypatch.setitem(sys.modules, "tensorflow", types.ModuleType("tensorflow"))
    for nom in MODULES_A_CHARGER_D_ABORD:
        monkeypatch.delitem(sys.modules, nom, raising=False)
    avant = set(sys.modules)
    message = ("TensorFlow est déjà importé : importez torch (et torchvision) avant "
               "tensorflow, sinon le processus plante au chargement de triton.")
    with pytest.raises(RuntimeError, match=re.escape(message)):
        charger_torch_avant_tensorflow()
    with pytest.raises(RuntimeError, match="TensorFlow est déjà importé : importez torch"):
        charger_frameworks({"torch", "tensorflow"})
    assert set(sys.modules) == avant and "triton" not in sys.modules


def test_la_garde_se_met_une_fois_et_se_retire(monkeypatch):
    """Le chercheur d'imports n'est posé qu'une fois, et ne trouve jamais rien lui-même."""
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    retirer_torch_d_abord()
    torch_d_abord_a_la_demande()
    torch_d_abord_a_la_demande()
    gardes = [c for c in sys.meta_path if type(c).__name__ == "_TorchDAbord"]
    assert len(gardes) == 1
    assert gardes[0].find_spec("numpy") is None  # un autre module : rien, la garde reste
    assert gardes[0] in sys.meta_path
    retirer_torch_d_abord()
    assert gardes[0] not in sys.meta_path


def test_erreur_si_tensorflow_sans_triton(monkeypatch):
    """TensorFlow présent et triton absent de ``sys.modules`` : RuntimeError (même processus).

    Un faux module ``tensorflow`` suffit : la garde ne regarde que ``sys.modules``.
    """
    monkeypatch.setitem(sys.modules, "tensorflow", types.ModuleType("tensorflow"))
    monkeypatch.delitem(sys.modules, "triton", raising=False)  # chargé ou non selon les tests
    with pytest.raises(RuntimeError, match="TensorFlow est déjà importé : importez torch"):
        charger_torch_avant_tensorflow()
    assert "triton" not in sys.modules


def test_un_module_absent_est_ignore(monkeypatch):
    """Un module de la liste qui n'est pas installé est sauté, pas une erreur."""
    monkeypatch.setattr(ordre_imports, "MODULES_A_CHARGER_D_ABORD",
                        ("torch", "module_absent_de_dlcourse", "torchvision"))
    assert charger_torch_avant_tensorflow() == ["torch", "torchvision"]


@pytest.mark.parametrize(("code", "attendus"), [
    ("import torch\n", {"torch"}),
    ("import torch.nn as nn\n", {"torch"}),
    ("from torchvision import datasets\n", {"torch"}),
    ("from keras import layers\n", {"tensorflow"}),
    ("import tensorflow as tf\n", {"tensorflow"}),
    ("from scikeras.wrappers import KerasClassifier\n", {"tensorflow"}),
    ("from skorch import NeuralNetClassifier\n", {"torch"}),
    ("import numpy as np\nfrom sklearn.datasets import fetch_california_housing\n", set()),
    ("x = 1\n", set()),
    ("def f():\n    import keras\n", {"tensorflow"}),  # un import dans une fonction compte
    ("from . import torch\n", set()),  # un import relatif n'est pas PyTorch
    ("import torchmetrics\n", set()),  # un autre paquet au nom voisin
], ids=["torch", "torch.nn", "torchvision", "keras", "tensorflow", "scikeras", "skorch",
        "numpy-sklearn", "rien", "dans-une-fonction", "relatif", "nom-voisin"])
def test_frameworks_importes_analyse_statique(code, attendus):
    """Les frameworks qu'un code importe, lus dans son arbre syntaxique (sans l'exécuter)."""
    assert frameworks_importes([code]) == frozenset(attendus)


def test_frameworks_importes_reunit_les_blocs():
    """Plusieurs blocs : la réunion de leurs frameworks ; une chaîne ne compte pas."""
    blocs = ["import numpy\n", "texte = 'import torch'\n", "from keras import layers\n",
             "import skorch\n"]
    assert frameworks_importes(blocs) == {"torch", "tensorflow"}
    assert frameworks_importes([]) == frozenset()
    with pytest.raises(SyntaxError):
        frameworks_importes([">>> import torch\n"])


def test_charger_frameworks_refuse_un_framework_inconnu():
    """Un nom inconnu : ValueError qui le nomme et liste les frameworks connus, rien d'importé."""
    avant = set(sys.modules)
    with pytest.raises(ValueError, match=r"framework\(s\) inconnu\(s\) : jax, keras "
                                         r"\(connus : torch, tensorflow\)"):
        charger_frameworks(["torch", "keras", "jax"])
    assert set(sys.modules) == avant


def test_charger_frameworks_dans_ce_processus():
    """Aucun framework : rien ; PyTorch seul (déjà chargé ici) : torch et torchvision."""
    assert charger_frameworks([]) == []
    assert charger_frameworks(frozenset({"torch"})) == ["torch", "torchvision"]
