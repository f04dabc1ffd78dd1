"""Le chapitre « Créer des modèles avec PyTorch » : les jumeaux Keras et PyTorch.

Page : docs/pytorch/modeles.md ; extraits : snippets/pytorch/modeles/.
Chaque extrait s'exécute seul ; les deux réseaux ont les mêmes paramètres
(formes transposées) et, avec les mêmes poids, calculent les mêmes
probabilités.
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "pytorch" / "modeles.md"
EXTRAITS = RACINE / "snippets" / "pytorch" / "modeles"
N_PARAMETRES = 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10


@pytest.fixture(scope="module")
def keras_ns():
    return runpy.run_path(str(EXTRAITS / "keras.py"))


@pytest.fixture(scope="module")
def pytorch_ns():
    return runpy.run_path(str(EXTRAITS / "pytorch.py"))


def test_les_trois_cent_mille_parametres():
    assert N_PARAMETRES == 266_610


def test_extrait_keras(keras_ns):
    assert keras_ns["n_parametres"] == N_PARAMETRES
    assert keras_ns["model_classe"].count_params() == N_PARAMETRES
    assert tuple(keras_ns["sortie"].shape) == (32, 10)
    assert keras_ns["noyau"].shape == (784, 300)


def test_extrait_pytorch(pytorch_ns):
    assert pytorch_ns["n_parametres"] == N_PARAMETRES
    assert sum(p.numel() for p in pytorch_ns["model_classe"].parameters()) == N_PARAMETRES
    assert tuple(pytorch_ns["sortie"].shape) == (32, 10)
    assert tuple(pytorch_ns["couche"].weight.shape) == (300, 784)


@pytest.mark.parametrize("nom", ["model", "model_classe"])
def test_memes_parametres_transposes(keras_ns, pytorch_ns, nom):
    formes_keras = [tuple(w.shape) for w in keras_ns[nom].get_weights()]
    formes_torch = [tuple(p.shape) for p in pytorch_ns[nom].parameters()]
    # Keras range un noyau (entrées, sorties), PyTorch un poids (sorties, entrées).
    assert formes_keras == [f[::-1] for f in formes_torch]


@pytest.mark.parametrize("nom", ["model", "model_classe"])
def test_memes_poids_memes_probabilites(keras_ns, pytorch_ns, nom):
    import torch

    modele_keras, modele_torch = keras_ns[nom], pytorch_ns[nom]
    with torch.no_grad():
        for poids, parametre in zip(modele_keras.get_weights(), modele_torch.parameters(),
                                    strict=True):
            parametre.copy_(torch.from_numpy(poids.T.copy()))
    images = np.random.default_rng(0).random((8, 28, 28), dtype=np.float32)
    probas_keras = np.asarray(modele_keras(images))
    with torch.no_grad():
        logits = modele_torch(torch.from_numpy(images).unsqueeze(1))
    probas_torch = torch.softmax(logits, dim=1).numpy()
    np.testing.assert_allclose(probas_keras, probas_torch, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete(onglet):
    resultats = lire_resultats(PAGE)[onglet]["resultats"]
    assert resultats["n_parametres"] == N_PARAMETRES
    assert resultats["n_parametres_cachee_1"] == 235_500
