"""Le chapitre « Jeux de données et lots » : tf.data et DataLoader s'accordent.

Page : docs/donnees/jeux-de-donnees.md. Les deux façons de servir des lots
donnent le même nombre de lots, les mêmes tailles et, sans mélange, les mêmes
exemples dans le même ordre ; avec mélange, chaque exemple passe une fois par
époque.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "donnees" / "jeux-de-donnees.md"


@pytest.mark.parametrize(("n", "taille", "sans_reste"),
                         [(10, 4, False), (10, 4, True), (60_000, 128, False), (7, 7, False)])
def test_memes_lots(n, taille, sans_reste):
    import tensorflow as tf
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    valeurs = np.arange(n, dtype=np.float32)
    jeu_tf = tf.data.Dataset.from_tensor_slices(valeurs).batch(taille, drop_remainder=sans_reste)
    chargeur = DataLoader(TensorDataset(torch.from_numpy(valeurs)), batch_size=taille,
                          drop_last=sans_reste)
    attendu = n // taille if sans_reste else math.ceil(n / taille)
    assert len(jeu_tf) == len(chargeur) == attendu
    if n <= 1000:
        lots_tf = [lot.numpy().tolist() for lot in jeu_tf]
        lots_torch = [lot.tolist() for (lot,) in chargeur]
        assert lots_tf == lots_torch


def test_le_melange_garde_chaque_exemple_une_fois():
    import tensorflow as tf
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    valeurs = np.arange(100, dtype=np.float32)
    jeu_tf = tf.data.Dataset.from_tensor_slices(valeurs).shuffle(100, seed=1).batch(8)
    epoque_1 = np.concatenate(list(jeu_tf.as_numpy_iterator()))
    epoque_2 = np.concatenate(list(jeu_tf.as_numpy_iterator()))
    assert sorted(epoque_1.tolist()) == valeurs.tolist()
    assert epoque_1.tolist() != epoque_2.tolist(), "tf.data remélange à chaque époque"
    chargeur = DataLoader(TensorDataset(torch.from_numpy(valeurs)), batch_size=8, shuffle=True,
                          generator=torch.Generator().manual_seed(1))
    vus = torch.cat([lot for (lot,) in chargeur])
    assert sorted(vus.tolist()) == valeurs.tolist()
