"""Le chapitre « Entraîner un modèle de régression ».

Page : docs/entrainement/regression.md ; extraits : snippets/entrainement/regression/
(``donnees.py`` pour les blocs hors onglets). Le code de la page s'exécute une
fois par onglet (profil rapide) ; ce test en relève (``RELEVES``) les données
communes, la pente apprise et les deux modèles : la droite apprise est celle
des moindres carrés, le MLP et le modèle Wide & Deep ont les paramètres de leur
architecture et le MLP bat le modèle naïf même sur l'échantillon.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "entrainement" / "regression.md"
ONGLETS = ["Keras", "PyTorch"]
N_MLP = 8 * 64 + 64 + 64 * 64 + 64 + 64 + 1
N_WIDE_DEEP = 8 * 30 + 30 + 30 * 30 + 30 + (8 + 30) + 1

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "formes_xy": "[list(x.shape), list(y.shape)]",
        "pente_mc": "float(pente_mc)",
        "tailles": "[len(X_train), len(X_val), len(X_test)]",
        "moyennes_train": "X_train.mean(axis=0)",
        "pente": "pente",
        "n_parametres": "[model.count_params(), wide_deep.count_params()]",
        "rmse_test": "float(rmse_test)",
        "formes_prediction": "[list(y_pred.shape), list(y_test.shape)]",
    },
    "PyTorch": {
        "formes_xy": "[list(x.shape), list(y.shape)]",
        "pente_mc": "float(pente_mc)",
        "tailles": "[len(X_train), len(X_val), len(X_test)]",
        "moyennes_train": "X_train.mean(axis=0)",
        "pente": "pente",
        "n_parametres": "[sum(p.numel() for p in model.parameters()), "
                        "sum(p.numel() for p in wide_deep.parameters())]",
        "rmse_test": "float(rmse_test)",
        "formes_prediction": "[list(y_pred.shape), list(y_test.shape)]",
    },
}


@pytest.fixture(params=ONGLETS)
def releves(request, rapport):
    return rapport(request.param)["releves"]


def test_les_donnees_communes(releves):
    assert releves["formes_xy"] == [[100, 1], [100, 1]]
    assert abs(releves["pente_mc"] - 3) < 0.3
    # Profil rapide : 2 000 lignes de California housing → 1 280 / 320 / 400.
    assert releves["tailles"] == [1280, 320, 400]
    assert releves["moyennes_train"] == pytest.approx([0] * 8, abs=1e-4)


def test_la_pente_est_celle_des_moindres_carres(releves):
    assert releves["pente"] == pytest.approx(releves["pente_mc"], abs=1e-3)


def test_les_modeles(releves):
    assert releves["n_parametres"] == [N_MLP, N_WIDE_DEEP] == [4801, 1239]
    assert releves["rmse_test"] < 0.9, "même sur 1 280 lignes, le MLP doit battre le modèle naïf"
    y_pred, y_test = releves["formes_prediction"]
    assert y_pred == y_test


@pytest.mark.parametrize("onglet", ONGLETS)
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["rmse_test"] <= 0.60, "RMSE de test promise : au plus 0,60 (× 100 000 $)"
    assert resultats["rmse_test"] == pytest.approx(resultats["mse_test"] ** 0.5, rel=1e-3)
    assert resultats["rmse_test_wide_deep"] <= 0.65
    assert resultats["pente"] == pytest.approx(resultats["pente_moindres_carres"], abs=1e-3)
    assert (resultats["n_entrainement"], resultats["n_validation"], resultats["n_test"]) == (
        13209, 3303, 4128)
