"""Le chapitre « Collecter et prétraiter les données ».

Page : docs/donnees/pretraitement.md. Ce que la page affirme sur la
standardisation et sur les pertes, vérifié sur d'autres données : les
entropies croisées de Keras et de PyTorch s'accordent, avec des étiquettes
entières comme avec des one-hot.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "donnees" / "pretraitement.md"


def test_standardiser_sur_l_entrainement_seul():
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[10.0, -3.0, 1000.0], scale=[2.0, 0.5, 300.0], size=(500, 3))
    X_train, X_test = train_test_split(X, test_size=0.2, random_state=0)
    scaler = StandardScaler().fit(X_train)
    np.testing.assert_allclose(scaler.mean_, X_train.mean(axis=0))
    np.testing.assert_allclose(scaler.scale_, X_train.std(axis=0))  # écart type de population
    assert np.allclose(scaler.transform(X_train).mean(axis=0), 0)
    assert not np.allclose(scaler.transform(X_test).mean(axis=0), 0)
    fuite = StandardScaler().fit(X)
    assert not np.allclose(fuite.mean_, scaler.mean_), "ajuster sur tout change μ"


@pytest.mark.parametrize("graine", [0, 1, 2])
def test_les_entropies_croisees_s_accordent(graine):
    import keras
    import torch
    from torch import nn
    from torch.nn import functional as F

    rng = np.random.default_rng(graine)
    logits = rng.normal(size=(16, 5)).astype(np.float32)
    etiquettes = rng.integers(0, 5, size=16)
    probas = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = keras.utils.to_categorical(etiquettes, 5)
    entiere = float(keras.losses.SparseCategoricalCrossentropy()(etiquettes, probas))
    categorielle = float(keras.losses.CategoricalCrossentropy()(one_hot, probas))
    depuis_logits = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        etiquettes, logits))
    perte = nn.CrossEntropyLoss()
    torch_entiere = perte(torch.from_numpy(logits), torch.from_numpy(etiquettes)).item()
    torch_one_hot = perte(torch.from_numpy(logits),
                          F.one_hot(torch.from_numpy(etiquettes), 5).float()).item()
    valeurs = [entiere, categorielle, depuis_logits, torch_entiere, torch_one_hot]
    assert max(valeurs) - min(valeurs) < 1e-5, valeurs
    assert (one_hot.argmax(axis=1) == etiquettes).all()
