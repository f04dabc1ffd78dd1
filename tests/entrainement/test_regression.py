"""Le chapitre « Entraîner un modèle de régression ».

Page : docs/entrainement/regression.md ; extraits : snippets/entrainement/regression/
(``donnees.py`` pour les blocs hors onglets, que chaque extrait exécute d'abord).
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "regression.md"
EXTRAITS = RACINE / "snippets" / "entrainement" / "regression"
N_MLP = 8 * 64 + 64 + 64 * 64 + 64 + 64 + 1
N_WIDE_DEEP = 8 * 30 + 30 + 30 * 30 + 30 + (8 + 30) + 1


@pytest.fixture(scope="module", params=["keras", "pytorch"])
def ns(request, executer_extrait):
    return executer_extrait(EXTRAITS / f"{request.param}.py")[0]


def test_les_donnees_communes():
    donnees = runpy.run_path(str(EXTRAITS / "donnees.py"))
    assert donnees["x"].shape == donnees["y"].shape == (100, 1)
    assert abs(donnees["pente_mc"] - 3) < 0.3
    # Profil rapide : 2 000 lignes de California housing → 1 280 / 320 / 400.
    assert (len(donnees["X_train"]), len(donnees["X_val"]), len(donnees["X_test"])) == (
        1280, 320, 400)
    assert np.allclose(donnees["X_train"].mean(axis=0), 0, atol=1e-4)


def test_la_pente_est_celle_des_moindres_carres(ns):
    assert ns["pente"] == pytest.approx(ns["pente_mc"], abs=1e-3)


def test_les_modeles(ns):
    model, wide_deep = ns["model"], ns["wide_deep"]
    compte = (model.count_params if hasattr(model, "count_params")
              else lambda: sum(p.numel() for p in model.parameters()))
    compte_wd = (wide_deep.count_params if hasattr(wide_deep, "count_params")
                 else lambda: sum(p.numel() for p in wide_deep.parameters()))
    assert (compte(), compte_wd()) == (N_MLP, N_WIDE_DEEP) == (4801, 1239)
    assert ns["rmse_test"] < 0.9, "même sur 1 280 lignes, le MLP doit battre le modèle naïf"
    assert ns["y_pred"].shape == ns["y_test"].shape


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
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
