"""La page « Concepts d'entraînement » : la comparaison des optimiseurs.

Page : docs/entrainement/concepts.md ; extraits : snippets/entrainement/concepts/.
Les pertes et les métriques sont vérifiées par les doctests de la page.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "concepts.md"
EXTRAITS = RACINE / "snippets" / "entrainement" / "concepts"
OPTIMISEURS = ["SGD", "SGD + momentum", "RMSprop", "Adam"]


@pytest.fixture(scope="module", params=["keras", "pytorch"])
def ns(request, executer_extrait):
    return executer_extrait(EXTRAITS / f"{request.param}.py")[0]


def test_quatre_historiques_de_cinq_epoques(ns):
    assert list(ns["historiques"]) == OPTIMISEURS
    for historique in ns["historiques"].values():
        assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(historique)
        assert len(historique["loss"]) == 5
    assert len(ns["x_sous"]) == 2000  # profil rapide : l'échantillon livré


def test_le_reseau_300_100_10(ns):
    model = ns["mlp_300_100"]()
    n = (model.count_params() if hasattr(model, "count_params")
         else sum(p.numel() for p in model.parameters()))
    assert n == 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["n_exemples"] == 12000
    assert resultats["exactitude_adam"] > resultats["exactitude_sgd"], (
        "la page affirme qu'Adam converge plus vite que SGD seul")
    assert resultats["exactitude_momentum"] > resultats["exactitude_sgd"]
    assert resultats["exactitude_adam"] >= 0.95
