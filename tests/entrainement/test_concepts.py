"""La page « Concepts d'entraînement » : la comparaison des optimiseurs.

Page : docs/entrainement/concepts.md ; extraits : snippets/entrainement/concepts/.
Les pertes et les métriques sont vérifiées par les doctests de la page. Le code
de la page s'exécute une fois par onglet (profil rapide) ; ce test en relève
(``RELEVES``) les historiques des quatre optimiseurs et le réseau 300-100-10.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "entrainement" / "concepts.md"
ONGLETS = ["Keras", "PyTorch"]
OPTIMISEURS = ["SGD", "SGD + momentum", "RMSprop", "Adam"]

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "optimiseurs": "list(historiques)",
        "cles": "[sorted(h) for h in historiques.values()]",
        "epoques": "[len(h['loss']) for h in historiques.values()]",
        "n_exemples": "len(x_sous)",
        "n_parametres": "mlp_300_100().count_params()",
    },
    "PyTorch": {
        "optimiseurs": "list(historiques)",
        "cles": "[sorted(h) for h in historiques.values()]",
        "epoques": "[len(h['loss']) for h in historiques.values()]",
        "n_exemples": "len(x_sous)",
        "n_parametres": "sum(p.numel() for p in mlp_300_100().parameters())",
    },
}


@pytest.fixture(params=ONGLETS)
def releves(request, rapport):
    return rapport(request.param)["releves"]


def test_quatre_historiques_de_cinq_epoques(releves):
    assert releves["optimiseurs"] == OPTIMISEURS
    for cles in releves["cles"]:
        assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(cles)
    assert releves["epoques"] == [5] * len(OPTIMISEURS)
    assert releves["n_exemples"] == 2000  # profil rapide : l'échantillon livré


def test_le_reseau_300_100_10(releves):
    assert releves["n_parametres"] == 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10


@pytest.mark.parametrize("onglet", ONGLETS)
def test_execution_complete(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["n_exemples"] == 12000
    assert resultats["exactitude_adam"] > resultats["exactitude_sgd"], (
        "la page affirme qu'Adam converge plus vite que SGD seul")
    assert resultats["exactitude_momentum"] > resultats["exactitude_sgd"]
    assert resultats["exactitude_adam"] >= 0.95
