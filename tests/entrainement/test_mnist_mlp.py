"""Le chapitre « Classifier MNIST avec un perceptron multicouche ».

Page : docs/entrainement/mnist-mlp.md ; extraits : snippets/entrainement/mnist-mlp/.
Le code de la page s'exécute une fois par onglet (profil rapide) ; ce test en
relève (``RELEVES``) le modèle, les jeux et l'historique : un réseau
784 → 128 → 10 aux mêmes poids dans les deux frameworks, qui apprend même sur
l'échantillon. Les résultats de la dernière exécution complète tiennent les
promesses du chapitre.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-mlp.md"
N_PARAMETRES = 28 * 28 * 128 + 128 + 128 * 10 + 10  # Dense(128) sur 784 pixels, Dense(10)
CLES_HISTORIQUE = ["accuracy", "loss", "val_accuracy", "val_loss"]

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "n_parametres": "model.count_params()",
        "tailles": "[len(x_train), len(x_val), len(x_test)]",
        "type_pixels": "str(x_train.dtype)",
        "pixel_max": "float(x_train.max())",
        "cles_historique": "sorted(history.history)",
        "epoques": "len(history.history['loss'])",
        "exactitude_test": "float(test_acc)",
        "forme_classes": "list(classes.shape)",
        "formes": "[list(w.shape) for w in model.get_weights()]",
    },
    "PyTorch": {
        "n_parametres": "sum(p.numel() for p in model.parameters())",
        "tailles": "[len(train_set), len(val_set), len(test_set)]",
        "cles_historique": "sorted(historique)",
        "epoques": "len(historique['loss'])",
        "exactitude_test": "float(test_acc)",
        "forme_classes": "list(classes.shape)",
        "formes": "[list(p.shape) for p in model.parameters()]",
    },
}


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_le_chemin_rapide(rapport, onglet):
    r = rapport(onglet)["releves"]
    assert r["n_parametres"] == N_PARAMETRES
    # Profil rapide : 2 000 images d'entraînement, dont 10 % pour la validation.
    assert r["tailles"] == [1800, 200, 500]
    assert r["cles_historique"] == CLES_HISTORIQUE
    assert r["epoques"] == 10
    assert r["exactitude_test"] > 0.8, "même sur 1 800 images, le MLP doit apprendre"
    assert r["forme_classes"] == [10]


def test_keras_normalise_les_pixels(rapport):
    r = rapport("Keras")["releves"]
    assert r["type_pixels"] == "float32" and r["pixel_max"] <= 1.0


def test_les_deux_onglets_ont_la_meme_architecture(rapport):
    couches_keras = rapport("Keras")["releves"]["formes"]
    couches_torch = rapport("PyTorch")["releves"]["formes"]
    # Keras range un poids (entrées, sorties), PyTorch (sorties, entrées).
    assert couches_keras == [c[::-1] for c in couches_torch]
    assert couches_keras == [[784, 128], [128], [128, 10], [10]]


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
