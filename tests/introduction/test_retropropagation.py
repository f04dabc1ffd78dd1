"""Le chapitre « Le perceptron multicouche et la rétropropagation ».

Page : docs/introduction/retropropagation.md ; extrait :
snippets/introduction/retropropagation/numpy_gradients.py. Le code de la page
s'exécute une fois par onglet (profil rapide) ; ce test relève (``RELEVES``)
les gradients que ses fonctions écrites à la main calculent pour plusieurs
tailles de réseau, et vérifie qu'ils sont égaux à ceux des différences finies,
de torch.autograd et de tf.GradientTape (calculés ici) ; une initialisation
symétrique reste symétrique.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "introduction" / "retropropagation.md"
ONGLETS = ["Keras", "PyTorch"]
TAILLES = [(3, 4, 6), (2, 1, 4), (5, 8, 10)]
"""(entrées, neurones cachés, exemples) : les problèmes de ``RELEVES``."""

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un
# littéral, sans variable) ; les mêmes pour les deux onglets (le code NumPy est hors
# onglets). « gradients » : pour chaque taille, un problème tiré au hasard (X, Y,
# paramètres), les gradients de ``retropropager`` et ceux des différences finies
# centrées (ε = 1e-6) de la perte de la page. « symetrique » : 500 pas sur le XOR
# depuis des poids tous égaux, les paramètres et la première et la dernière perte.
RELEVES = {
    "Keras": {
        "gradients": (
            "[(lambda X, Y, P: {"
            "'X': X, 'Y': Y, 'params': P, "
            "'main': retropropager(X, Y, *propager(X, P), P), "
            "'differences_finies': [np.reshape([("
            "entropie_croisee(propager(X, [q + 1e-6 * np.eye(1, q.size, i).reshape(q.shape) "
            "if j == k else q for j, q in enumerate(P)])[0], Y) "
            "- entropie_croisee(propager(X, [q - 1e-6 * np.eye(1, q.size, i).reshape(q.shape) "
            "if j == k else q for j, q in enumerate(P)])[0], Y)) / 2e-6 "
            "for i in range(p.size)], p.shape) for k, p in enumerate(P)]"
            "})(*(lambda g: (g.normal(size=(m, n)), g.integers(0, 2, size=(m, 1)).astype(float), "
            "[g.normal(size=(n, c)), g.normal(size=c), g.normal(size=(c, 1)), g.normal(size=1)]))"
            "(np.random.default_rng(0))) for n, c, m in [(3, 4, 6), (2, 1, 4), (5, 8, 10)]]"
        ),
        "symetrique": (
            "(lambda P, pertes: {'params': P, 'pertes': [pertes[0], pertes[-1]]})(*entrainer("
            "np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float), "
            "np.array([[0], [1], [1], [0]], dtype=float), "
            "[np.full((2, 4), 0.5), np.zeros(4), np.full((4, 1), 0.5), np.zeros(1)], n_pas=500))"
        ),
    },
    "PyTorch": {
        "gradients": (
            "[(lambda X, Y, P: {"
            "'X': X, 'Y': Y, 'params': P, "
            "'main': retropropager(X, Y, *propager(X, P), P), "
            "'differences_finies': [np.reshape([("
            "entropie_croisee(propager(X, [q + 1e-6 * np.eye(1, q.size, i).reshape(q.shape) "
            "if j == k else q for j, q in enumerate(P)])[0], Y) "
            "- entropie_croisee(propager(X, [q - 1e-6 * np.eye(1, q.size, i).reshape(q.shape) "
            "if j == k else q for j, q in enumerate(P)])[0], Y)) / 2e-6 "
            "for i in range(p.size)], p.shape) for k, p in enumerate(P)]"
            "})(*(lambda g: (g.normal(size=(m, n)), g.integers(0, 2, size=(m, 1)).astype(float), "
            "[g.normal(size=(n, c)), g.normal(size=c), g.normal(size=(c, 1)), g.normal(size=1)]))"
            "(np.random.default_rng(0))) for n, c, m in [(3, 4, 6), (2, 1, 4), (5, 8, 10)]]"
        ),
        "symetrique": (
            "(lambda P, pertes: {'params': P, 'pertes': [pertes[0], pertes[-1]]})(*entrainer("
            "np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float), "
            "np.array([[0], [1], [1], [0]], dtype=float), "
            "[np.full((2, 4), 0.5), np.zeros(4), np.full((4, 1), 0.5), np.zeros(1)], n_pas=500))"
        ),
    },
}


def test_les_releves_suivent_les_tailles():
    assert RELEVES["Keras"] == RELEVES["PyTorch"]
    for onglet in ONGLETS:
        assert repr(TAILLES)[1:-1] in RELEVES[onglet]["gradients"]


def _problemes(rapport, onglet):
    releves = rapport(onglet)["releves"]["gradients"]
    assert len(releves) == len(TAILLES)
    for (n_entrees, n_caches, m), probleme in zip(TAILLES, releves, strict=True):
        X, Y = np.array(probleme["X"]), np.array(probleme["Y"])
        params = [np.array(p) for p in probleme["params"]]
        assert X.shape == (m, n_entrees) and Y.shape == (m, 1)
        assert [p.shape for p in params] == [(n_entrees, n_caches), (n_caches,),
                                              (n_caches, 1), (1,)]
        gradients = [np.array(g) for g in probleme["main"]]
        assert [g.shape for g in gradients] == [p.shape for p in params]
        yield X, Y, params, gradients, probleme["differences_finies"]


@pytest.mark.parametrize("onglet", ONGLETS)
def test_differences_finies(rapport, onglet):
    for _, _, _, gradients, approx in _problemes(rapport, onglet):
        for g, a in zip(gradients, approx, strict=True):
            np.testing.assert_allclose(a, g, rtol=0, atol=1e-7)


def test_torch_autograd(rapport):
    import torch

    for X, Y, params, gradients, _ in _problemes(rapport, "PyTorch"):
        tenseurs = [torch.from_numpy(p).requires_grad_() for p in params]
        W1, b1, W2, b2 = tenseurs
        sortie = torch.sigmoid(torch.sigmoid(torch.from_numpy(X) @ W1 + b1) @ W2 + b2)
        perte = torch.nn.functional.binary_cross_entropy(sortie, torch.from_numpy(Y))
        perte.backward()
        for t, g in zip(tenseurs, gradients, strict=True):
            np.testing.assert_allclose(t.grad.numpy(), g, rtol=1e-9, atol=1e-12)


def test_tf_gradient_tape(rapport):
    import tensorflow as tf  # PyTorch est déjà chargé avant lui par conftest.py

    for X, Y, params, gradients, _ in _problemes(rapport, "Keras"):
        variables = [tf.Variable(p) for p in params]
        with tf.GradientTape() as tape:
            W1, b1, W2, b2 = variables
            sortie = tf.sigmoid(tf.sigmoid(tf.constant(X) @ W1 + b1) @ W2 + b2)
            Y_tf = tf.constant(Y)
            perte = -tf.reduce_mean(Y_tf * tf.math.log(sortie)
                                    + (1 - Y_tf) * tf.math.log(1 - sortie))
        for v, g in zip(tape.gradient(perte, variables), gradients, strict=True):
            np.testing.assert_allclose(v.numpy(), g, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("onglet", ONGLETS)
def test_initialisation_symetrique_reste_symetrique(rapport, onglet):
    releve = rapport(onglet)["releves"]["symetrique"]
    W1, W2 = np.array(releve["params"][0]), np.array(releve["params"][2])
    assert W1.shape == (2, 4) and W2.shape == (4, 1)
    assert np.all(W1 == W1[:, :1])
    assert np.all(W2 == W2[0])
    premiere, derniere = releve["pertes"]
    assert derniere < premiere  # la perte baisse un peu, mais reste celle d'un seul neurone


def test_la_retropropagation_est_nommee():
    texte = PAGE.read_text(encoding="utf-8")
    assert texte.count("rétropropagation") >= 3


def test_execution_complete_tient_ses_promesses():
    executions = lire_resultats(PAGE)
    for onglet in ONGLETS:
        resultats = executions[onglet]["resultats"]
        assert (resultats["n_gradients"], resultats["gradients_egaux"]) == (4, True)
        assert resultats["exactitude_aleatoire"] == 1.0
        assert resultats["exactitude_symetrique"] < 1.0
        assert resultats["perte_symetrique"] > 10 * resultats["perte_aleatoire"]
