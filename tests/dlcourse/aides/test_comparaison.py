"""Tests de dlcourse.aides.comparaison : comparer les courbes de plusieurs variantes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from dlcourse.aides.comparaison import COULEURS, meilleures_valeurs, tracer_comparaison

HISTORIQUES = {
    "base": {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.8, 0.9],
             "accuracy": [0.6, 0.8, 0.9], "val_accuracy": [0.55, 0.7, 0.68]},
    "arrêt précoce": {"loss": [1.0, 0.6], "val_loss": [1.0, 0.7],
                      "accuracy": [0.6, 0.75], "val_accuracy": [0.6, 0.72]},
}


@pytest.fixture(autouse=True)
def fermer_les_figures():
    yield
    plt.close("all")


def test_une_courbe_par_variante_et_par_metrique():
    figure = tracer_comparaison(HISTORIQUES, titre="Deux variantes")
    axes = figure.axes
    assert [a.get_title() for a in axes] == ["Perte (validation)", "Exactitude (validation)"]
    for axe in axes:
        assert [ligne.get_label() for ligne in axe.get_lines()] == list(HISTORIQUES)
    # Des longueurs différentes (arrêt précoce) : chaque courbe garde les siennes.
    assert [len(ligne.get_xdata()) for ligne in axes[0].get_lines()] == [3, 2]
    assert figure.get_suptitle() == "Deux variantes"


def test_une_seule_metrique_en_texte():
    figure = tracer_comparaison(HISTORIQUES, metriques="loss")
    assert len(figure.axes) == 1 and figure.axes[0].get_title() == "Perte"


def test_meilleures_valeurs():
    assert meilleures_valeurs(HISTORIQUES) == {"base": 0.7, "arrêt précoce": 0.72}
    assert meilleures_valeurs(HISTORIQUES, "val_loss", plus_grand=False) == {
        "base": 0.8, "arrêt précoce": 0.7}


def test_erreurs_claires():
    with pytest.raises(ValueError, match="non vide"):
        tracer_comparaison({})
    with pytest.raises(KeyError, match="mae"):
        meilleures_valeurs(HISTORIQUES, "mae")
    trop = {f"v{i}": HISTORIQUES["base"] for i in range(len(COULEURS) + 1)}
    with pytest.raises(ValueError, match="au plus"):
        tracer_comparaison(trop)
