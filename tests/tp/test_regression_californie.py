"""Le TP 2 : la régression sur California housing (``snippets/tp/regression-californie-*.py``).

Ce que les carnets et ``docs/tp/index.md`` affirment, lu dans les métadonnées des
carnets publiés (l'exécution complète) :

- le modèle naïf (la moyenne de l'entraînement) a une RMSE de validation proche
  de l'écart type des prix ; le réseau fait nettement mieux, sur la validation
  comme sur le test (RMSE de test au plus 0,60) ;
- l'arrêt précoce a joué (au plus 40 époques, meilleure époque avant la
  dernière ou égale) ; la recherche a essayé les quatre combinaisons de la
  grille et en a retenu une ;
- Keras et PyTorch s'accordent : même modèle, RMSE de test proches ;
- les deux exécutions complètes durent près de deux minutes chacune (au plus
  quatre sur une machine chargée), à moins de 1,5 fois l'une de l'autre.

Le déroulé en profil rapide et la forme des carnets sont vérifiés par
``test_carnets_tp.py``, commun à tous les TP.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie import carnets_tp

FRAMEWORKS = ["keras", "pytorch"]
GRILLES = {
    "keras": {"model__n_neurones": [30, 100], "model__taux": [1e-3, 1e-2]},
    "pytorch": {"module__n_neurones": [30, 100], "lr": [1e-3, 1e-2]},
}


def _meta(framework: str) -> dict:
    return carnets_tp.lire_metadonnees(
        carnets_tp.carnet(f"regression-californie-{framework}").cible)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_le_reseau_bat_le_modele_naif(framework):
    r = _meta(framework)["resultats"]
    assert 1.0 < r["rmse_naive"] < 1.3  # l'écart type des prix de California housing ≈ 1,15
    assert r["rmse_validation"] < 0.7 * r["rmse_naive"]
    assert r["rmse_test"] <= 0.60, "RMSE de test promise : au plus 0,60 (× 100 000 $)"
    assert r["rmse_validation_recherche"] < 0.7 * r["rmse_naive"]


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_arret_precoce_et_recherche(framework):
    r = _meta(framework)["resultats"]
    assert 1 <= r["meilleure_epoque"] <= r["epoques"] <= 40
    assert r["n_candidats"] == 4
    meilleurs = r["meilleurs_parametres"]
    assert set(meilleurs) == set(GRILLES[framework])
    assert all(meilleurs[k] in valeurs for k, valeurs in GRILLES[framework].items())


def test_les_jumeaux_s_accordent():
    k, p = (_meta(f)["resultats"] for f in FRAMEWORKS)
    assert k["n_parametres"] == p["n_parametres"] == 8 * 30 + 30 + 30 * 30 + 30 + 30 + 1
    assert k["rmse_naive"] == pytest.approx(p["rmse_naive"], rel=1e-9)  # mêmes découpages
    assert abs(k["rmse_test"] - p["rmse_test"]) <= 0.05


def test_les_durees_sont_proches():
    """Deux minutes de calcul au plus chacune, à moins de 1,5 fois l'une de l'autre."""
    durees = [_meta(f)["duree_cpu_s"] for f in FRAMEWORKS]  # temps de calcul
    assert max(durees) <= 150, durees  # près de deux minutes
    assert max(durees) / min(durees) <= 1.5, durees
