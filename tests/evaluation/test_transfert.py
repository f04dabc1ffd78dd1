"""Le chapitre « L'apprentissage par transfert ».

Page : docs/evaluation/transfert.md ; extraits : snippets/evaluation/transfert/.
Le code de la page s'exécute dans tests/test_pages.py, chemin par chemin ; ici,
on vérifie que la dernière exécution complète (resultats.json) dit bien ce que
la prose affirme : avec cent exemples, le transfert bat l'entraînement de zéro.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "evaluation" / "transfert.md"


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_transfert_bat_l_entrainement_de_zero(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    r = rapport["resultats"]
    assert (r["n_peu"], r["n_validation"]) == (100, 1000)
    assert r["n_source"] > 30000 and r["n_test"] > 4000
    assert (r["n_parametres_base"], r["n_parametres_entraines"]) == (4800, 51589)
    assert r["exactitude_transfert"] > r["exactitude_zero"] + 0.03
    assert r["val_transfert_epoque_1"] > r["val_zero_epoque_1"]
