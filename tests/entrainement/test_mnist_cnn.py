"""Le chapitre « Classifier MNIST avec un réseau convolutif ».

Page : docs/entrainement/mnist-cnn.md ; extraits : snippets/entrainement/mnist-cnn/.
Chaque extrait s'exécute seul (profil rapide) ; les résultats de la dernière
exécution complète tiennent la promesse du chapitre : au moins 99 % sur le test.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-cnn.md"
EXTRAITS = RACINE / "snippets" / "entrainement" / "mnist-cnn"
N_PARAMETRES = (9 * 1 + 1) * 32 + (9 * 32 + 1) * 64 + 1600 * 128 + 128 + 128 * 10 + 10


@pytest.fixture(scope="module")
def keras_ns(executer_extrait):
    return executer_extrait(EXTRAITS / "keras.py")[0]


@pytest.fixture(scope="module")
def pytorch_ns(executer_extrait):
    return executer_extrait(EXTRAITS / "pytorch.py")[0]


def test_extrait_keras(keras_ns):
    assert N_PARAMETRES == 225034
    assert keras_ns["model"].count_params() == N_PARAMETRES
    assert keras_ns["x_train"].shape[1:] == (28, 28, 1), "une convolution veut un axe de canal"
    assert (len(keras_ns["x_train"]), len(keras_ns["x_val"]), len(keras_ns["x_test"])) == (
        1800, 200, 500)
    assert len(keras_ns["history"].history["loss"]) == 8
    assert keras_ns["test_acc"] > 0.8
    assert 0 <= keras_ns["chiffre_predit"] <= 9
    assert len(keras_ns["choix"]) == 10 + min(20, len(keras_ns["erreurs"]))


def test_extrait_pytorch(pytorch_ns):
    assert sum(p.numel() for p in pytorch_ns["model"].parameters()) == N_PARAMETRES
    assert tuple(pytorch_ns["train_set"][0][0].shape) == (1, 28, 28)
    assert (len(pytorch_ns["train_set"]), len(pytorch_ns["val_set"]),
            len(pytorch_ns["test_set"])) == (1800, 200, 500)
    assert len(pytorch_ns["historique"]["loss"]) == 8
    assert pytorch_ns["test_acc"] > 0.8
    assert not pytorch_ns["model"].training, "le modèle doit être en mode eval() pour prédire"


def test_les_deux_extraits_ont_la_meme_architecture(keras_ns, pytorch_ns):
    formes_keras = [w.shape for w in keras_ns["model"].get_weights()]
    formes_torch = [tuple(p.shape) for p in pytorch_ns["model"].parameters()]
    # Noyaux : Keras (h, l, entrées, sorties), PyTorch (sorties, entrées, h, l) ;
    # couches denses : Keras (entrées, sorties), PyTorch (sorties, entrées).
    convertis = []
    for forme in formes_torch:
        if len(forme) == 4:
            convertis.append((forme[2], forme[3], forme[1], forme[0]))
        else:
            convertis.append(forme[::-1])
    assert formes_keras == convertis


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_depasse_99_pourcent(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["exactitude_test"] >= 0.99
    assert resultats["n_parametres"] == N_PARAMETRES
    assert (resultats["n_entrainement"], resultats["n_validation"], resultats["n_test"]) == (
        54000, 6000, 10000)
    assert resultats["n_erreurs"] == round((1 - resultats["exactitude_test"]) * 10000)
