"""Le chapitre « Le problème du XOR » : les jumeaux Keras et PyTorch apprennent le XOR.

Page : docs/introduction/xor.md ; extraits : snippets/introduction/xor/.
Le code de la page s'exécute une fois par onglet (profil rapide) ; ce test en
relève le modèle appris (``RELEVES``) et vérifie qu'il calcule le XOR, avec le
nombre de paramètres d'un réseau 2 → 8 → 1 et les mêmes formes de poids dans
les deux frameworks. Les poids réglés à la main du schéma calculent aussi le
XOR.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse.aides.schemas import POIDS_XOR
from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "introduction" / "xor.md"
N_PARAMETRES = 2 * 8 + 8 + 8 * 1 + 1  # Dense(8) sur 2 entrées, puis Dense(1)
XOR = [0, 1, 1, 0]

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "n_parametres": "model.count_params()",
        "exactitude": "exactitude",
        "classes": "(probabilites > 0.5).astype(int)",
        "formes": "[list(w.shape) for w in model.get_weights()]",
    },
    "PyTorch": {
        "n_parametres": "sum(p.numel() for p in model.parameters())",
        "exactitude": "exactitude",
        "classes": "classes",
        "formes": "[list(p.shape) for p in model.parameters()]",
    },
}


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_le_reseau_apprend_le_xor(rapport, onglet):
    releves = rapport(onglet)["releves"]
    assert releves["n_parametres"] == N_PARAMETRES
    assert releves["exactitude"] == 1.0
    assert releves["classes"] == XOR


def test_les_jumeaux_ont_la_meme_architecture(rapport):
    formes_keras = rapport("Keras")["releves"]["formes"]
    formes_torch = rapport("PyTorch")["releves"]["formes"]
    # Keras range un poids (entrées, sorties), PyTorch (sorties, entrées).
    assert formes_keras == [f[::-1] for f in formes_torch]


def test_le_reseau_regle_a_la_main_du_schema():
    """Les poids du schéma (tous à 1 sauf POIDS_XOR) calculent bien le XOR."""
    def nombre(texte):
        return float(texte.replace("−", "-").replace(",", "."))

    W1, b1 = np.ones((2, 2)), np.array([nombre(POIDS_XOR[(0, "biais", j)]) for j in range(2)])
    W2 = np.array([[nombre(POIDS_XOR[(1, 0, 0)])], [1.0]])
    b2 = np.array([nombre(POIDS_XOR[(1, "biais", 0)])])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    cachee = np.heaviside(X @ W1 + b1, 1)
    assert np.heaviside(cachee @ W2 + b2, 1).ravel().tolist() == XOR


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_tient_ses_promesses(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    assert rapport["resultats"]["exactitude"] == 1.0
    assert rapport["resultats"]["n_parametres"] == N_PARAMETRES
    assert rapport["resultats"]["perte"] < 0.05
