"""Tests de dlcourse.machinerie.serveur : un enfant neuf par chemin, sans fuite ni plantage.

Un serveur importe les frameworks une fois ; chaque chemin s'exécute dans un
enfant dupliqué (``fork``) qui n'a vu aucun autre chemin. Ces tests prouvent
ce qui rend ce raccourci sûr : rien ne passe d'un chemin au suivant, l'ordre
PyTorch puis TensorFlow tient, et un enfant ne charge que les frameworks que
son code importe.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.chemins import GROUPE_DES_DEUX_FRAMEWORKS
from dlcourse.machinerie.execution import Demande, ErreurExecution
from dlcourse.machinerie.serveur import Serveur

# Avec les pages qui chargent les deux frameworks : le processus de test qui
# les prend a déjà démarré le serveur des deux (une dizaine de secondes).
pytestmark = pytest.mark.xdist_group(GROUPE_DES_DEUX_FRAMEWORKS)

SALIR = [
    "import os, sys, types\n"
    "import numpy as np\n"
    "import matplotlib\n"
    "np.fuite = 1\n"
    "os.environ['DLCOURSE_FUITE'] = '1'\n"
    "sys.modules['module_de_la_page'] = types.ModuleType('module_de_la_page')\n"
    "matplotlib.rcParams['lines.linewidth'] = 42\n"
    "open('fichier_de_la_page.txt', 'w').write('x')\n"
    "import random\nrandom.random()\n"
]

VERIFIER = [
    "import os, sys, random\n"
    "import numpy as np\n"
    "import matplotlib\n"
    "propre = {'numpy': not hasattr(np, 'fuite'),\n"
    "          'environ': 'DLCOURSE_FUITE' not in os.environ,\n"
    "          'modules': 'module_de_la_page' not in sys.modules,\n"
    "          'matplotlib': matplotlib.rcParams['lines.linewidth'] != 42,\n"
    "          'fichier': not os.path.exists('fichier_de_la_page.txt')}\n"
    "tirage = random.random()\n"
]


@pytest.mark.parametrize("frameworks", [[], ["torch", "tensorflow"]], ids=["aucun", "les-deux"])
def test_rien_ne_passe_d_un_chemin_au_suivant(serveurs, tmp_path, frameworks):
    premier = serveurs.executer(Demande("a", cellules=SALIR, frameworks=frameworks),
                                "rapide", tmp_path)
    assert premier["echec"] is None
    releves = {"propre": "propre", "tirage": "tirage"}
    second = serveurs.executer(Demande("b", cellules=VERIFIER, resultats=releves,
                                       frameworks=frameworks), "rapide", tmp_path)
    assert second["echec"] is None
    assert all(second["resultats"]["propre"].values()), second["resultats"]["propre"]
    troisieme = serveurs.executer(Demande("c", cellules=VERIFIER, resultats=releves,
                                          frameworks=frameworks), "rapide", tmp_path)
    # même graine fixée avant chaque chemin : même tirage, quel que soit le passé
    assert troisieme["resultats"]["tirage"] == second["resultats"]["tirage"]


def test_chaque_enfant_ne_charge_que_ses_frameworks(serveurs, tmp_path):
    numpy = serveurs.executer(Demande("n", cellules=["import numpy\n"]), "rapide", tmp_path)
    assert numpy["frameworks"] == []
    torch = serveurs.executer(Demande("t", cellules=["import torch\n"], frameworks=["torch"]),
                              "rapide", tmp_path)
    assert torch["frameworks"] == ["torch"]
    keras = serveurs.executer(Demande("k", cellules=["import keras\n"],
                                      frameworks=["tensorflow"]), "rapide", tmp_path)
    assert keras["frameworks"] == ["tensorflow"]


def test_tensorflow_puis_triton_ne_plante_pas_dans_le_serveur_des_deux(serveurs, tmp_path):
    """PyTorch et triton sont chargés avant TensorFlow : l'ordre du lecteur ne compte plus."""
    code = ["import tensorflow as tf\nimport torch\nimport torchvision\n"
            "w = torch.zeros(2, requires_grad=True)\n"
            "torch.optim.Adam([w], lr=0.1)\n"
            "total = float(tf.reduce_sum(tf.ones(3)))\n"]
    rapport = serveurs.executer(Demande("ordre", cellules=code, resultats={"t": "total"},
                                        frameworks=["torch", "tensorflow"]), "rapide", tmp_path)
    assert rapport["echec"] is None and rapport["resultats"] == {"t": 3.0}


def test_un_enfant_qui_plante_est_signale_et_le_serveur_continue(tmp_path):
    serveur = Serveur(frozenset())
    try:
        with pytest.raises(ErreurExecution, match="tué par le signal 11"):
            serveur.executer(Demande("plantage", cellules=[
                "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"]), "rapide", tmp_path)
        rapport = serveur.executer(Demande("suite", cellules=["x = 1\n"], resultats={"x": "x"}),
                                   "rapide", tmp_path)
        assert rapport["resultats"] == {"x": 1}
    finally:
        serveur.fermer()


def test_un_enfant_trop_long_est_arrete(tmp_path):
    serveur = Serveur(frozenset())
    try:
        with pytest.raises(ErreurExecution, match="signal 9"):
            serveur.executer(Demande("long", cellules=["import time\ntime.sleep(30)\n"]),
                             "rapide", tmp_path, delai=1)
    finally:
        serveur.fermer()


def test_deux_fils_partagent_un_serveur_et_leurs_enfants_tournent_ensemble(tmp_path):
    """La construction des figures confie deux cibles à la fois au même serveur.

    Chaque enfant attend un signe de l'autre : ils ne finissent que s'ils
    tournent en même temps, et chaque fil reçoit le rapport de sa demande.
    """
    from concurrent.futures import ThreadPoolExecutor

    def demande(moi: str, autre: str) -> Demande:
        code = (f"import pathlib, time\n"
                f"pathlib.Path({str(tmp_path / moi)!r}).touch()\n"
                f"fin = time.monotonic() + 20\n"
                f"while not pathlib.Path({str(tmp_path / autre)!r}).exists():\n"
                f"    assert time.monotonic() < fin, 'l autre enfant ne tourne pas'\n"
                f"    time.sleep(0.01)\n"
                f"nom = {moi!r}\n")
        return Demande(moi, cellules=[code], resultats={"nom": "nom"})

    serveur = Serveur(frozenset())
    try:
        with ThreadPoolExecutor(max_workers=2) as groupe:
            rapports = list(groupe.map(
                lambda d: serveur.executer(d, "rapide", tmp_path, delai=60),
                [demande("a", "b"), demande("b", "a")]))
    finally:
        serveur.fermer()
    assert [(r["echec"], r["resultats"]) for r in rapports] == [
        (None, {"nom": "a"}), (None, {"nom": "b"})]
