"""Le chapitre « Le problème du XOR » : les jumeaux Keras et PyTorch apprennent le XOR.

Page : docs/introduction/xor.md ; extraits : snippets/introduction/xor/.
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE
from dlcourse.aides.schemas import POIDS_XOR

PAGE = DOSSIER_DOCS / "introduction" / "xor.md"
EXTRAITS = RACINE / "snippets" / "introduction" / "xor"
N_PARAMETRES = 2 * 8 + 8 + 8 + 1
XOR = [0, 1, 1, 0]


@pytest.fixture(scope="module")
def pytorch_ns():
    # PyTorch d'abord : voir dlcourse/machinerie/ordre_imports.py.
    return runpy.run_path(str(EXTRAITS / "pytorch.py"))


@pytest.fixture(scope="module")
def keras_ns(pytorch_ns):
    return runpy.run_path(str(EXTRAITS / "keras.py"))


def test_keras_apprend_le_xor(keras_ns):
    assert keras_ns["model"].count_params() == N_PARAMETRES
    assert keras_ns["exactitude"] == 1.0
    assert (keras_ns["probabilites"] > 0.5).astype(int).tolist() == XOR


def test_pytorch_apprend_le_xor(pytorch_ns):
    assert sum(p.numel() for p in pytorch_ns["model"].parameters()) == N_PARAMETRES
    assert pytorch_ns["exactitude"] == 1.0
    assert pytorch_ns["classes"].tolist() == XOR


def test_les_jumeaux_ont_la_meme_architecture(keras_ns, pytorch_ns):
    formes_keras = [w.shape for w in keras_ns["model"].get_weights()]
    formes_torch = [tuple(p.shape) for p in pytorch_ns["model"].parameters()]
    assert formes_keras == [f[::-1] for f in formes_torch]


def test_le_reseau_regle_a_la_main_du_schema():
    """Les poids du schéma (tous à 1 sauf POIDS_XOR) calculent bien le XOR."""
    def nombre(texte):
        return float(texte.replace("−", "-").replace(",", "."))

    W1, b1 = np.ones((2, 2)), np.array([nombre(POIDS_XOR[(0, "biais", j)]) for j in range(2)])
    W2 = np.array([[nombre(POIDS_XOR[(1, 0, 0)])], [1.0]])
    b2 = np.array([nombre(POIDS_XOR[(1, "biais", 0)])])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    cachee = np.heaviside(X @ W1 + b1, 1)
    assert np.heaviside(cachee @ W2 + b2, 1).ravel().tolist() == XOR


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    assert rapport["resultats"]["exactitude"] == 1.0
    assert rapport["resultats"]["n_parametres"] == N_PARAMETRES
    assert rapport["resultats"]["perte"] < 0.05
