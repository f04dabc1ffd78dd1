"""Le chapitre « Les métriques d'évaluation ».

Page : docs/evaluation/metriques.md ; extraits : snippets/evaluation/metriques/.
Le code de la page s'exécute dans tests/test_pages.py, chemin par chemin ; ici,
on vérifie que la dernière exécution complète (resultats.json) dit bien ce que
la prose affirme.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "evaluation" / "metriques.md"


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    r = rapport["resultats"]
    assert r["n_test"] == 10000 and r["n_parametres"] == 784 * 128 + 128 + 128 * 10 + 10
    assert r["exactitude_test"] > 0.83
    # Une seule étiquette par exemple : le F1 micro est l'exactitude.
    assert r["f1_micro"] == pytest.approx(r["exactitude_test"])
    # La prose : la chemise est la classe la plus difficile, le F1 varie beaucoup.
    assert r["pire_classe"] == "Chemise"
    assert r["f1_meilleure_classe"] - r["f1_pire_classe"] > 0.2
