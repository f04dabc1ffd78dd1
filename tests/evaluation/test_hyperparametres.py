"""Le chapitre « La recherche d'hyperparamètres ».

Page : docs/evaluation/hyperparametres.md ; extraits : snippets/evaluation/hyperparametres/.
Le code de la page s'exécute dans tests/test_pages.py, chemin par chemin ; ici,
on vérifie que la dernière exécution complète (resultats.json) dit bien ce que
la prose affirme sur la recherche et sur le test de plage du taux.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "evaluation" / "hyperparametres.md"


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    r = rapport["resultats"]
    assert (r["n_entrainement"], r["n_test"], r["n_parametres"], r["n_candidats"]) == (
        3000, 1000, 1231, 4)
    assert r["meilleur_r2"] > 0.6
    # La prose : avec dix époques, le plus grand des deux taux l'emporte.
    assert r["meilleur_taux"] == pytest.approx(1e-2)
    # La prose : le taux conseillé par le test de plage est de l'ordre de 1e-2.
    assert 10 ** -2.5 <= r["taux_conseille"] <= 10 ** -1.5
    assert r["taux_conseille"] == pytest.approx(r["taux_minimum"] / 10)
