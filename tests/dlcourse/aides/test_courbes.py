"""Tests de dlcourse.aides.courbes : les courbes d'apprentissage."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse.aides.courbes import NOMS_METRIQUES, historique_en_dict, tracer_courbes

HISTORIQUE = {
    "accuracy": [0.61, 0.80, 0.88],
    "loss": [2.3, 1.1, 0.6],
    "val_loss": [1.9, 1.2, 0.9],
    "val_accuracy": [0.70, 0.79, 0.83],
}


@pytest.fixture(autouse=True)
def fermer_les_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def history_keras():
    """Un vrai ``History`` : deux époques d'un tout petit modèle sur des données aléatoires.

    Keras (donc TensorFlow, 8 à 10 s) n'est importé qu'ici, pas à la collecte :
    seul le processus de test qui exécute ces tests le charge.
    """
    import keras
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 3, 32)
    modele = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    modele.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                   metrics=["accuracy"])
    return modele.fit(x, y, epochs=2, batch_size=16, validation_data=(x[:8], y[:8]),
                      verbose=0)


def test_historique_depuis_un_dictionnaire():
    """Un dictionnaire donne des listes de flottants Python, mêmes clés, même ordre."""
    valeurs = historique_en_dict({"loss": np.array([1, 0.5], dtype="float32"), "mae": (3, 2)})
    assert valeurs == {"loss": [1.0, 0.5], "mae": [3.0, 2.0]}
    assert all(type(v) is float for liste in valeurs.values() for v in liste)


def test_historique_depuis_un_history_keras(history_keras):
    """L'objet renvoyé par ``model.fit`` est accepté par son attribut ``history``."""
    assert type(history_keras).__name__ == "History"
    assert type(history_keras).__module__.startswith("keras.")
    valeurs = historique_en_dict(history_keras)
    assert set(valeurs) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 2 for v in valeurs.values())
    assert valeurs["loss"] == [float(v) for v in history_keras.history["loss"]]
    figure = tracer_courbes(history_keras)
    assert [axe.get_title() for axe in figure.axes] == ["Perte", "Exactitude"]


@pytest.mark.parametrize("historique", [[0.5, 0.4], "loss", 3, None])
def test_historique_d_un_mauvais_type(historique):
    """Ni un History ni un dictionnaire : TypeError qui nomme le type reçu."""
    with pytest.raises(TypeError, match=rf"historique : un History de Keras .* attendu, "
                                        rf"pas {type(historique).__name__}\."):
        historique_en_dict(historique)


@pytest.mark.parametrize("historique", [{}, {"loss": []}, {"loss": [], "val_loss": []}])
def test_historique_vide(historique):
    """Un historique sans époque : ValueError."""
    with pytest.raises(ValueError, match="historique : il est vide, aucune époque à tracer"):
        tracer_courbes(historique)


def test_historique_de_longueurs_differentes():
    """Des métriques de longueurs différentes : ValueError qui donne les longueurs."""
    with pytest.raises(ValueError, match=r"pas le même nombre d'époques \(\[2, 3\]\)"):
        historique_en_dict({"loss": [1, 2, 3], "val_loss": [1, 2]})


def test_un_graphique_par_metrique_de_base_la_perte_d_abord():
    """Un axe par métrique sans ``val_`` ; la perte d'abord ; entraînement et validation."""
    figure = tracer_courbes(HISTORIQUE, titre="Essai")
    axes = figure.axes
    assert [axe.get_title() for axe in axes] == [NOMS_METRIQUES["loss"],
                                                 NOMS_METRIQUES["accuracy"]]
    assert figure.get_suptitle() == "Essai"
    perte = axes[0]
    entrainement, validation = perte.get_lines()
    assert list(entrainement.get_xdata()) == [1, 2, 3]
    assert list(entrainement.get_ydata()) == HISTORIQUE["loss"]
    assert list(validation.get_ydata()) == HISTORIQUE["val_loss"]
    assert [t.get_text() for t in perte.get_legend().get_texts()] == ["entraînement",
                                                                     "validation"]
    # Couleur, trait et marqueur distinguent les deux courbes (lisible sans couleur).
    assert entrainement.get_color() != validation.get_color()
    assert entrainement.get_linestyle() != validation.get_linestyle()
    assert entrainement.get_marker() != validation.get_marker()
    assert perte.get_xlabel() == "Époque"


def test_l_axe_des_ordonnees_n_est_pas_force_entre_0_et_1():
    """Une perte de 2,3 reste visible : l'axe s'ajuste aux valeurs."""
    bas, haut = tracer_courbes(HISTORIQUE).axes[0].get_ylim()
    assert bas <= 0.6 and haut >= 2.3


def test_metriques_choisies_et_noms_inconnus():
    """``metriques`` choisit les graphiques ; une métrique sans nom français garde le sien."""
    figure = tracer_courbes({"f1": [0.2, 0.4], "loss": [1, 0.5]}, metriques=["f1"])
    (axe,) = figure.axes
    assert axe.get_title() == "f1"
    assert len(axe.get_lines()) == 1  # pas de val_f1 : une seule courbe
    assert figure.get_suptitle() == ""


def test_metrique_absente():
    """Une métrique demandée absente : KeyError qui la nomme avec les disponibles."""
    with pytest.raises(KeyError, match=r"metriques : mae absente\(s\) de l'historique "
                                       r"\(disponibles : accuracy, loss, val_loss"):
        tracer_courbes(HISTORIQUE, metriques=["loss", "mae"])
