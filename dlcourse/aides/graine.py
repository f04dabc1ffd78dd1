"""Fixer les graines aléatoires pour des résultats reproductibles."""

from __future__ import annotations

import random
import sys

import numpy as np


def fixer_graine(graine: int = 42) -> None:
    """Fixe la graine de ``random``, de NumPy et des frameworks déjà importés.

    Parameters
    ----------
    graine : int
        Un entier positif ou nul.

    Raises
    ------
    ValueError
        Si ``graine`` n'est pas un entier positif ou nul.

    Notes
    -----
    Keras : ``keras.utils.set_random_seed`` ; PyTorch : ``torch.manual_seed``.
    Seuls les frameworks déjà importés sont touchés, pour ne pas en charger
    un que la page n'utilise pas. Utilisée par `dlcourse.machinerie.execution`
    avant chaque exécution d'une page.
    """
    if isinstance(graine, bool) or not isinstance(graine, int) or graine < 0:
        raise ValueError(f"graine : un entier positif ou nul est attendu, pas {graine!r}.")
    random.seed(graine)
    np.random.seed(graine)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(graine)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(graine)
