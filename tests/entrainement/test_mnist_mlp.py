"""Le chapitre « Classifier MNIST avec un perceptron multicouche ».

Page : docs/entrainement/mnist-mlp.md ; extraits : snippets/entrainement/mnist-mlp/.
Chaque extrait s'exécute seul (profil rapide) ; les résultats de la dernière
exécution complète tiennent les promesses du chapitre.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-mlp.md"
EXTRAITS = RACINE / "snippets" / "entrainement" / "mnist-mlp"
N_PARAMETRES = 784 * 128 + 128 + 128 * 10 + 10


@pytest.fixture(scope="module")
def keras_ns(executer_extrait):
    return executer_extrait(EXTRAITS / "keras.py")[0]


@pytest.fixture(scope="module")
def pytorch_ns(executer_extrait):
    return executer_extrait(EXTRAITS / "pytorch.py")[0]


def test_extrait_keras(keras_ns):
    assert keras_ns["model"].count_params() == N_PARAMETRES
    # Profil rapide : 2 000 images d'entraînement, dont 10 % pour la validation.
    assert (len(keras_ns["x_train"]), len(keras_ns["x_val"]), len(keras_ns["x_test"])) == (
        1800, 200, 500)
    assert keras_ns["x_train"].dtype == "float32" and keras_ns["x_train"].max() <= 1.0
    assert set(keras_ns["history"].history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(keras_ns["history"].history["loss"]) == 10
    assert keras_ns["test_acc"] > 0.8, "même sur 1 800 images, le MLP doit apprendre"
    assert keras_ns["classes"].shape == (10,)


def test_extrait_pytorch(pytorch_ns):
    model = pytorch_ns["model"]
    assert sum(p.numel() for p in model.parameters()) == N_PARAMETRES
    assert (len(pytorch_ns["train_set"]), len(pytorch_ns["val_set"]),
            len(pytorch_ns["test_set"])) == (1800, 200, 500)
    assert set(pytorch_ns["historique"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(pytorch_ns["historique"]["loss"]) == 10
    assert pytorch_ns["test_acc"] > 0.8
    assert pytorch_ns["classes"].shape == (10,)


def test_les_deux_extraits_ont_la_meme_architecture(keras_ns, pytorch_ns):
    couches_keras = [w.shape for w in keras_ns["model"].get_weights()]
    couches_torch = [tuple(p.shape) for p in pytorch_ns["model"].parameters()]
    # Keras range un poids (entrées, sorties), PyTorch (sorties, entrées).
    assert couches_keras == [c[::-1] for c in couches_torch]


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["exactitude_test"] >= 0.975
    assert resultats["n_parametres"] == N_PARAMETRES
    assert (resultats["n_entrainement"], resultats["n_validation"], resultats["n_test"]) == (
        54000, 6000, 10000)
    assert sum(c["exemples"] for c in rapport["donnees"] if c["jeu"] == "mnist") >= 70000
