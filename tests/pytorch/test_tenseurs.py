"""Le chapitre « Tenseurs, autograd et appareils » : TensorFlow et PyTorch côte à côte.

Page : docs/pytorch/tenseurs.md. Les opérations que la page met côte à côte
donnent les mêmes nombres dans les deux frameworks, sur d'autres données que
celles des doctests ; les gradients s'accordent entre eux et avec le calcul à
la main ; les types entiers par défaut diffèrent comme la page le dit.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "pytorch" / "tenseurs.md"


@pytest.fixture(scope="module")
def donnees():
    rng = np.random.default_rng(0)
    return rng.normal(size=(4, 6)).astype(np.float32), rng.normal(size=(6,)).astype(np.float32)


def test_memes_operations(donnees):
    import tensorflow as tf
    import torch

    a, v = donnees
    ta, tv = tf.constant(a), tf.constant(v)
    pa, pv = torch.from_numpy(a), torch.from_numpy(v)
    paires = [
        (tf.reshape(ta, (6, 4)), pa.reshape(6, 4)),
        (tf.transpose(ta), pa.T),
        (ta[:, 1:3], pa[:, 1:3]),
        (ta + tv, pa + pv),
        (ta @ tf.transpose(ta), pa @ pa.T),
        (tf.reduce_sum(ta, axis=0), pa.sum(dim=0)),
        (tf.reduce_mean(ta, axis=1), pa.mean(dim=1)),
        (tf.expand_dims(ta, 0), pa.unsqueeze(0)),
    ]
    for cote_tf, cote_torch in paires:
        np.testing.assert_allclose(cote_tf.numpy(), cote_torch.numpy(), rtol=1e-5, atol=1e-6)
    assert tf.argmax(ta, axis=1).numpy().tolist() == pa.argmax(dim=1).tolist()


def test_memes_gradients(donnees):
    import tensorflow as tf
    import torch

    a, v = donnees
    w_tf = tf.Variable(v)
    with tf.GradientTape() as tape:
        perte_tf = tf.reduce_mean(tf.square(tf.constant(a) @ tf.reshape(w_tf, (6, 1))))
    g_tf = tape.gradient(perte_tf, w_tf).numpy()
    w_torch = torch.tensor(v, requires_grad=True)
    perte_torch = ((torch.from_numpy(a) @ w_torch.reshape(6, 1)) ** 2).mean()
    perte_torch.backward()
    np.testing.assert_allclose(g_tf, w_torch.grad.numpy(), rtol=1e-5, atol=1e-6)
    # À la main : d/dw mean((a w)^2) = 2 aᵀ(a w) / n
    np.testing.assert_allclose(g_tf, 2 * a.T @ (a @ v) / len(a), rtol=1e-4)


def test_les_types_par_defaut_different():
    import tensorflow as tf
    import torch

    assert tf.constant([1, 2]).dtype == tf.int32
    assert torch.tensor([1, 2]).dtype == torch.int64
    assert tf.constant([1.0]).dtype == tf.float32 and torch.tensor([1.0]).dtype == torch.float32
