"""Le chapitre « Le perceptron multicouche et la rétropropagation ».

Les gradients écrits à la main (snippets/introduction/retropropagation/numpy_gradients.py)
sont égaux à ceux des différences finies, de torch.autograd et de tf.GradientTape,
pour plusieurs tailles de réseau ; une initialisation symétrique reste symétrique.
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "introduction" / "retropropagation.md"
EXTRAIT = RACINE / "snippets" / "introduction" / "retropropagation" / "numpy_gradients.py"
TAILLES = [(3, 4, 6), (2, 1, 4), (5, 8, 10)]  # (entrées, neurones cachés, exemples)


@pytest.fixture(scope="module")
def ns():
    return runpy.run_path(str(EXTRAIT))


def _probleme(n_entrees, n_caches, m, graine=0):
    g = np.random.default_rng(graine)
    X = g.normal(size=(m, n_entrees))
    Y = g.integers(0, 2, size=(m, 1)).astype(float)
    params = [g.normal(size=(n_entrees, n_caches)), g.normal(size=n_caches),
              g.normal(size=(n_caches, 1)), g.normal(size=1)]
    return X, Y, params


def _gradients_main(ns, X, Y, params):
    Y_chapeau, A1 = ns["propager"](X, params)
    return ns["retropropager"](X, Y, Y_chapeau, A1, params)


@pytest.mark.parametrize("taille", TAILLES)
def test_differences_finies(ns, taille):
    X, Y, params = _probleme(*taille)
    gradients = _gradients_main(ns, X, Y, params)
    epsilon = 1e-6
    for k, p in enumerate(params):
        for indice in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            moins = [q.copy() for q in params]
            plus[k][indice] += epsilon
            moins[k][indice] -= epsilon
            approx = (ns["entropie_croisee"](ns["propager"](X, plus)[0], Y)
                      - ns["entropie_croisee"](ns["propager"](X, moins)[0], Y)) / (2 * epsilon)
            assert approx == pytest.approx(gradients[k][indice], abs=1e-7)


@pytest.mark.parametrize("taille", TAILLES)
def test_torch_autograd(ns, taille):
    import torch

    X, Y, params = _probleme(*taille)
    tenseurs = [torch.from_numpy(p).requires_grad_() for p in params]
    W1, b1, W2, b2 = tenseurs
    sortie = torch.sigmoid(torch.sigmoid(torch.from_numpy(X) @ W1 + b1) @ W2 + b2)
    perte = torch.nn.functional.binary_cross_entropy(sortie, torch.from_numpy(Y))
    perte.backward()
    for t, g in zip(tenseurs, _gradients_main(ns, X, Y, params), strict=True):
        np.testing.assert_allclose(t.grad.numpy(), g, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("taille", TAILLES)
def test_tf_gradient_tape(ns, taille):
    import tensorflow as tf  # PyTorch est déjà chargé avant lui par conftest.py

    X, Y, params = _probleme(*taille)
    variables = [tf.Variable(p) for p in params]
    with tf.GradientTape() as tape:
        W1, b1, W2, b2 = variables
        sortie = tf.sigmoid(tf.sigmoid(tf.constant(X) @ W1 + b1) @ W2 + b2)
        Y_tf = tf.constant(Y)
        perte = -tf.reduce_mean(Y_tf * tf.math.log(sortie) + (1 - Y_tf) * tf.math.log(1 - sortie))
    for v, g in zip(tape.gradient(perte, variables), _gradients_main(ns, X, Y, params),
                    strict=True):
        np.testing.assert_allclose(v.numpy(), g, rtol=1e-9, atol=1e-12)


def test_initialisation_symetrique_reste_symetrique(ns):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    symetrique = [np.full((2, 4), 0.5), np.zeros(4), np.full((4, 1), 0.5), np.zeros(1)]
    params, pertes = ns["entrainer"](X, Y, symetrique, n_pas=500)
    assert np.all(params[0] == params[0][:, :1])
    assert np.all(params[2] == params[2][0])
    assert pertes[-1] < pertes[0]  # la perte baisse un peu, mais reste celle d'un seul neurone


def test_execution_complete_tient_ses_promesses():
    executions = lire_resultats(PAGE)
    for onglet in ("Keras", "PyTorch"):
        resultats = executions[onglet]["resultats"]
        assert (resultats["n_gradients"], resultats["gradients_egaux"]) == (4, True)
        assert resultats["exactitude_aleatoire"] == 1.0
        assert resultats["exactitude_symetrique"] < 1.0
        assert resultats["perte_symetrique"] > 10 * resultats["perte_aleatoire"]
