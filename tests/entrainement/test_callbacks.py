"""La page « Les callbacks ».

Page : docs/entrainement/callbacks.md ; extraits : snippets/entrainement/callbacks/.
Le code de la page s'exécute une fois par onglet (profil rapide) et vérifie
lui-même que le modèle enregistré et le modèle restauré sont ceux de la
meilleure époque ; ce test en relève (``RELEVES``) les pertes de validation,
les taux d'apprentissage et le fichier enregistré : l'arrêt précoce se
déclenche avec sa patience, le taux est divisé par paliers.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "entrainement" / "callbacks.md"
ONGLETS = ["Keras", "PyTorch"]

# Les expressions évaluées à la fin de chaque chemin, dans son dossier de travail
# (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "pertes_val": "pertes_val",
        "meilleure_epoque": "meilleure_epoque",
        "fichier_enregistre": "__import__('pathlib').Path('meilleur.keras').is_file()",
        "taux": "history.history['learning_rate']",
    },
    "PyTorch": {
        "pertes_val": "pertes_val",
        "meilleure_epoque": "meilleure_epoque",
        "fichier_enregistre": "__import__('pathlib').Path('meilleur.pt').is_file()",
        "taux": "historique['learning_rate']",
    },
}


@pytest.fixture(params=ONGLETS)
def releves(request, rapport):
    return rapport(request.param)["releves"]


def test_arret_precoce_et_meilleur_modele(releves):
    pertes = releves["pertes_val"]
    assert len(pertes) < 40, "l'arrêt précoce doit se déclencher"
    assert len(pertes) - releves["meilleure_epoque"] <= 4  # patience de 4
    assert releves["fichier_enregistre"] is True


def test_le_taux_est_divise_par_paliers(releves):
    taux = releves["taux"]
    assert taux[0] == pytest.approx(1e-3)
    assert all(b <= a for a, b in zip(taux, taux[1:], strict=False))
    for a, b in zip(taux, taux[1:], strict=False):
        assert b == pytest.approx(a) or b == pytest.approx(a / 2)


@pytest.mark.parametrize("onglet", ONGLETS)
def test_execution_complete(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["meilleure_epoque"] < resultats["epoques_effectuees"] < 40
    assert (resultats["n_entrainement"], resultats["n_validation"]) == (4800, 1200)
