"""Le chapitre « La régularisation ».

Page : docs/evaluation/regularisation.md ; extraits : snippets/evaluation/regularisation/.
Le code de la page s'exécute dans tests/test_pages.py, chemin par chemin ; ici,
on vérifie que la dernière exécution complète (resultats.json) dit bien ce que
la prose affirme : surapprentissage du modèle de base, sous-apprentissage du
modèle minuscule, des variantes régularisées proches les unes des autres.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "evaluation" / "regularisation.md"


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    r = rapport["resultats"]
    assert (r["n_entrainement"], r["n_validation"]) == (1500, 5000)
    assert (r["n_parametres_base"], r["n_parametres_normalisation"],
            r["n_parametres_minuscule"]) == (269322, 269322 + 1024, 1606)
    # Surapprentissage : entraînement bien au-dessus de la validation, perte de
    # validation qui remonte après son minimum.
    assert r["entrainement_base"] > r["val_base"] + 0.05
    assert r["perte_val_finale_base"] > r["perte_val_min_base"]
    # Sous-apprentissage : le modèle minuscule est mauvais partout.
    assert r["entrainement_minuscule"] < 0.6 and r["val_minuscule"] < 0.6
    # Chaque variante a son exactitude de validation, proche des autres.
    variantes = [r[f"val_{nom}"] for nom in
                 ("base", "l2", "dropout", "normalisation", "arret", "augmentation")]
    assert all(0.75 < v < 0.9 for v in variantes)
    assert max(variantes) - min(variantes) < 0.05
    assert 1 <= r["meilleure_epoque_arret"] <= r["epoques_arret"] <= 15
