"""Le chapitre « Créer des modèles avec PyTorch » : les jumeaux Keras et PyTorch.

Page : docs/pytorch/modeles.md ; extraits : snippets/pytorch/modeles/.
Le code de la page s'exécute une fois par onglet (profil rapide) ; ce test en
relève (``RELEVES``) les modèles : les deux réseaux ont les paramètres que
donne l'architecture 784-300-100-10 (recomptés ici couche par couche), les
mêmes formes (transposées) et, avec les mêmes poids, calculent les mêmes
probabilités.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "pytorch" / "modeles.md"
ONGLETS = ["Keras", "PyTorch"]
TAILLES = [28 * 28, 300, 100, 10]
PAR_COUCHE = [n_e * n_s + n_s for n_e, n_s in zip(TAILLES, TAILLES[1:], strict=False)]
"""Une couche dense de n_e entrées et n_s sorties : n_e × n_s poids et n_s biais."""
N_PARAMETRES = sum(PAR_COUCHE)

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un
# littéral). Les deux dernières donnent aux modèles les mêmes poids dans les deux
# onglets (tirés au hasard, graine 0, dans la disposition de Keras, transposés pour
# PyTorch) puis relèvent les probabilités de huit images (graine 1) : elles
# modifient les modèles, elles viennent donc en dernier.
RELEVES = {
    "Keras": {
        "n_parametres": "n_parametres",
        "n_parametres_classe": "model_classe.count_params()",
        "par_couche": "[c.count_params() for c in model.layers if c.count_params()]",
        "forme_sortie": "list(sortie.shape)",
        "forme_poids": "list(noyau.shape)",
        "formes": "[list(w.shape) for w in model.get_weights()]",
        "formes_classe": "[list(w.shape) for w in model_classe.get_weights()]",
        "probabilites": "(lambda g: (model.set_weights([g.normal(scale=0.05, size=w.shape)"
                        ".astype('float32') for w in model.get_weights()]), np.asarray(model("
                        "np.random.default_rng(1).random((8, 28, 28), dtype=np.float32))))[1])"
                        "(np.random.default_rng(0))",
        "probabilites_classe": "(lambda g: (model_classe.set_weights([g.normal(scale=0.05, "
                               "size=w.shape).astype('float32') for w in "
                               "model_classe.get_weights()]), np.asarray(model_classe("
                               "np.random.default_rng(1).random((8, 28, 28), "
                               "dtype=np.float32))))[1])(np.random.default_rng(0))",
    },
    "PyTorch": {
        "n_parametres": "n_parametres",
        "n_parametres_classe": "sum(p.numel() for p in model_classe.parameters())",
        "par_couche": "[n for n in (sum(p.numel() for p in c.parameters()) for c in model) if n]",
        "forme_sortie": "list(sortie.shape)",
        "forme_poids": "list(couche.weight.shape)",
        "formes": "[list(p.shape) for p in model.parameters()]",
        "formes_classe": "[list(p.shape) for p in model_classe.parameters()]",
        "probabilites": "(lambda np, g: ([p.data.copy_(torch.from_numpy(g.normal(scale=0.05, "
                        "size=tuple(p.shape)[::-1]).astype('float32').T.copy())) "
                        "for p in model.parameters()], torch.softmax(model(torch.from_numpy("
                        "np.random.default_rng(1).random((8, 28, 28), dtype=np.float32))"
                        ".unsqueeze(1)), dim=1).detach())[1])"
                        "(__import__('numpy'), __import__('numpy').random.default_rng(0))",
        "probabilites_classe": "(lambda np, g: ([p.data.copy_(torch.from_numpy(g.normal("
                               "scale=0.05, size=tuple(p.shape)[::-1]).astype('float32').T"
                               ".copy())) for p in model_classe.parameters()], torch.softmax("
                               "model_classe(torch.from_numpy(np.random.default_rng(1).random("
                               "(8, 28, 28), dtype=np.float32)).unsqueeze(1)), dim=1)"
                               ".detach())[1])"
                               "(__import__('numpy'), __import__('numpy').random.default_rng(0))",
    },
}


def test_la_prose_ecrit_le_compte_de_l_architecture():
    texte = PAGE.read_text(encoding="utf-8")
    assert f"= {N_PARAMETRES:,}.".replace(",", "\\,") in texte


@pytest.mark.parametrize("onglet", ONGLETS)
def test_le_compte_des_frameworks_est_celui_de_l_architecture(rapport, onglet):
    r = rapport(onglet)["releves"]
    assert r["par_couche"] == PAR_COUCHE
    assert r["n_parametres"] == r["n_parametres_classe"] == N_PARAMETRES


@pytest.mark.parametrize("onglet", ONGLETS)
def test_sorties_et_poids(rapport, onglet):
    r = rapport(onglet)["releves"]
    assert r["forme_sortie"] == [32, 10]
    # Keras range un noyau (entrées, sorties), PyTorch un poids (sorties, entrées).
    assert r["forme_poids"] == ([784, 300] if onglet == "Keras" else [300, 784])


@pytest.mark.parametrize("nom", ["formes", "formes_classe"])
def test_memes_parametres_transposes(rapport, nom):
    formes_keras = rapport("Keras")["releves"][nom]
    formes_torch = rapport("PyTorch")["releves"][nom]
    assert formes_keras == [f[::-1] for f in formes_torch]


@pytest.mark.parametrize("nom", ["probabilites", "probabilites_classe"])
def test_memes_poids_memes_probabilites(rapport, nom):
    probas_keras = np.array(rapport("Keras")["releves"][nom])
    probas_torch = np.array(rapport("PyTorch")["releves"][nom])
    assert probas_keras.shape == probas_torch.shape == (8, 10)
    np.testing.assert_allclose(probas_keras.sum(axis=1), 1, rtol=1e-5)
    assert probas_keras.std(axis=1).min() > 1e-4, "des probabilités qui dépendent des poids"
    np.testing.assert_allclose(probas_keras, probas_torch, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("onglet", ONGLETS)
def test_execution_complete(onglet):
    resultats = lire_resultats(PAGE)[onglet]["resultats"]
    assert resultats["n_parametres"] == N_PARAMETRES
    assert resultats["n_parametres_cachee_1"] == PAR_COUCHE[0]
