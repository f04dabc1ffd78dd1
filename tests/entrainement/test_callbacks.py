"""La page « Les callbacks ».

Page : docs/entrainement/callbacks.md ; extraits : snippets/entrainement/callbacks/.
Chaque extrait vérifie lui-même que le modèle enregistré et le modèle restauré
sont ceux de la meilleure époque.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "callbacks.md"
EXTRAITS = RACINE / "snippets" / "entrainement" / "callbacks"


@pytest.fixture(scope="module", params=["keras", "pytorch"])
def ns(request, executer_extrait):
    espace, dossier = executer_extrait(EXTRAITS / f"{request.param}.py")
    return espace | {"dossier": dossier}


def test_arret_precoce_et_meilleur_modele(ns):
    pertes = ns["pertes_val"]
    assert len(pertes) < 40, "l'arrêt précoce doit se déclencher"
    assert len(pertes) - ns["meilleure_epoque"] <= 4  # patience de 4
    fichier = "meilleur.keras" if "keras" in ns else "meilleur.pt"
    assert (ns["dossier"] / fichier).is_file()


def test_le_taux_est_divise_par_paliers(ns):
    taux = (ns["history"].history if "history" in ns else ns["historique"])["learning_rate"]
    assert taux[0] == pytest.approx(1e-3)
    assert all(b <= a for a, b in zip(taux, taux[1:], strict=False))
    for a, b in zip(taux, taux[1:], strict=False):
        assert b == pytest.approx(a) or b == pytest.approx(a / 2)


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["meilleure_epoque"] < resultats["epoques_effectuees"] < 40
    assert (resultats["n_entrainement"], resultats["n_validation"]) == (4800, 1200)
