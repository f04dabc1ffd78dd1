"""Tests de dlcourse.aides.graine : des tirages reproductibles."""

from __future__ import annotations

import random
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from dlcourse.aides.graine import fixer_graine


@pytest.fixture(scope="module", autouse=True)
def _frameworks():
    """Keras et PyTorch, importés pour tout le module.

    Importés au premier test de ce module, pas à la collecte : un processus de
    test qui ne lance pas ces tests ne charge pas TensorFlow (8 à 10 s).
    """
    global keras, torch
    import keras
    import torch


def _tirages() -> tuple:
    return (random.random(), float(np.random.rand()), float(torch.rand(1)),
            float(keras.random.uniform((1,))[0]))


def test_meme_graine_memes_tirages():
    """Même graine : mêmes tirages pour random, NumPy, PyTorch et Keras."""
    fixer_graine(7)
    premiers = _tirages()
    fixer_graine(7)
    assert _tirages() == premiers
    fixer_graine(8)
    assert all(a != b for a, b in zip(_tirages(), premiers, strict=True))


def test_graine_par_defaut():
    """Sans argument, la graine est 42."""
    fixer_graine()
    defaut = _tirages()
    fixer_graine(42)
    assert _tirages() == defaut


def test_seuls_les_frameworks_importes_sont_touches(monkeypatch):
    """Un framework absent de ``sys.modules`` n'est ni importé ni touché."""
    appels = []
    monkeypatch.setitem(sys.modules, "torch", SimpleNamespace(
        manual_seed=lambda g: appels.append(("torch", g))))
    monkeypatch.delitem(sys.modules, "keras")
    fixer_graine(3)
    assert appels == [("torch", 3)]
    assert "keras" not in sys.modules

    monkeypatch.delitem(sys.modules, "torch")
    monkeypatch.setitem(sys.modules, "keras", SimpleNamespace(utils=SimpleNamespace(
        set_random_seed=lambda g: appels.append(("keras", g)))))
    fixer_graine(0)
    assert appels == [("torch", 3), ("keras", 0)]
    assert "torch" not in sys.modules


@pytest.mark.parametrize("graine", [-1, 1.5, "42", True, None, np.float64(3.0)])
def test_graine_invalide(graine):
    """Une graine qui n'est pas un entier positif ou nul : ValueError qui la cite."""
    with pytest.raises(ValueError, match=r"graine : un entier positif ou nul est attendu, "
                                         rf"pas {__import__('re').escape(repr(graine))}\."):
        fixer_graine(graine)
