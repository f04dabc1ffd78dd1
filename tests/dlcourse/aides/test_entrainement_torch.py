"""Tests de dlcourse.aides.entrainement_torch : la boucle PyTorch et son historique à la Keras."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from dlcourse.aides.courbes import tracer_courbes
from dlcourse.aides.entrainement_torch import entrainer, evaluer


def _deux_nuages(n: int, generateur: torch.Generator) -> TensorDataset:
    """Deux nuages gaussiens bien séparés, centrés en (-2, -2) et (2, 2)."""
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=generateur) * 0.5 + (4.0 * y[:, None] - 2.0)
    return TensorDataset(x, y)


@pytest.fixture
def entrainement(capsys):
    torch.manual_seed(0)
    generateur = torch.Generator().manual_seed(0)
    chargeur = DataLoader(_deux_nuages(64, generateur), batch_size=16, shuffle=True,
                          generator=generateur)
    validation = DataLoader(_deux_nuages(32, generateur), batch_size=10)
    modele = nn.Linear(2, 2)
    historique = entrainer(modele, chargeur, validation, nn.CrossEntropyLoss(),
                           torch.optim.SGD(modele.parameters(), lr=0.1), epoques=3)
    return modele, validation, historique, capsys.readouterr().out


def test_historique_a_la_keras(entrainement):
    """L'historique a les quatre clés de Keras, un flottant par époque."""
    _, _, historique, _ = entrainement
    assert list(historique) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    for valeurs in historique.values():
        assert len(valeurs) == 3 and all(type(v) is float for v in valeurs)
    assert all(0.0 <= v <= 1.0 for v in historique["accuracy"] + historique["val_accuracy"])


def test_la_perte_baisse_et_le_modele_apprend(entrainement):
    """Sur deux nuages séparés, la perte baisse et l'exactitude dépasse 0,9."""
    modele, validation, historique, _ = entrainement
    assert historique["loss"][0] > historique["loss"][1] > historique["loss"][2]
    assert historique["val_loss"][-1] < historique["val_loss"][0]
    assert historique["accuracy"][-1] > 0.9 and historique["val_accuracy"][-1] > 0.9
    # La dernière validation de l'historique est celle du modèle final.
    assert evaluer(modele, validation, nn.CrossEntropyLoss()) == pytest.approx(
        (historique["val_loss"][-1], historique["val_accuracy"][-1]))


def test_une_ligne_par_epoque(entrainement):
    """Chaque époque affiche une ligne comme Keras."""
    _, _, historique, sortie = entrainement
    lignes = sortie.splitlines()
    assert len(lignes) == 3
    assert lignes[0].startswith("Époque 1/3 - loss: ")
    assert lignes[2] == (f"Époque 3/3 - loss: {historique['loss'][2]:.4f} - "
                         f"accuracy: {historique['accuracy'][2]:.4f} - "
                         f"val_loss: {historique['val_loss'][2]:.4f} - "
                         f"val_accuracy: {historique['val_accuracy'][2]:.4f}")


def test_l_historique_se_trace_comme_celui_de_keras(entrainement):
    """L'historique est accepté par ``tracer_courbes`` : perte puis exactitude."""
    figure = tracer_courbes(entrainement[2])
    try:
        assert [axe.get_title() for axe in figure.axes] == ["Perte", "Exactitude"]
        assert all(len(axe.get_lines()) == 2 for axe in figure.axes)
    finally:
        plt.close(figure)


def test_evaluer_calcul_a_la_main():
    """``evaluer`` : moyenne des pertes pondérée par la taille des lots, et exactitude."""
    modele = nn.Linear(2, 3, bias=False)
    with torch.no_grad():
        modele.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]))
    x = torch.tensor([[2.0, 0.0], [0.0, 2.0], [-1.0, -1.0], [1.0, 3.0], [3.0, 1.0]])
    y = torch.tensor([0, 1, 2, 0, 2])  # les deux derniers sont mal classés (1, puis 0)
    # Des lots de 2, 2 et 1 : une moyenne des moyennes de lots serait fausse.
    chargeur = DataLoader(TensorDataset(x, y), batch_size=2)
    modele.train()
    perte, exactitude = evaluer(modele, chargeur, nn.CrossEntropyLoss())
    assert exactitude == pytest.approx(3 / 5)
    attendue = F.cross_entropy(x @ modele.weight.T, y).item()
    assert perte == pytest.approx(attendue, rel=1e-6)
    assert not modele.training  # évalué en mode évaluation
    assert modele.weight.grad is None  # sans gradient


def test_l_ordonnanceur_avance_d_un_pas_par_lot(capsys):
    """Avec un ordonnanceur, le taux change après chaque lot : un cosinus sur 3 époques de
    4 lots arrive à 0 au douzième pas ; sans ordonnanceur, il ne bouge pas."""
    generateur = torch.Generator().manual_seed(0)
    chargeur = DataLoader(_deux_nuages(64, generateur), batch_size=16)  # 4 lots
    validation = DataLoader(_deux_nuages(32, generateur), batch_size=32)
    modele = nn.Linear(2, 2)
    optimiseur = torch.optim.SGD(modele.parameters(), lr=0.1)
    ordonnanceur = torch.optim.lr_scheduler.CosineAnnealingLR(optimiseur, T_max=12)
    entrainer(modele, chargeur, validation, nn.CrossEntropyLoss(), optimiseur, epoques=3,
              ordonnanceur=ordonnanceur)
    assert ordonnanceur.last_epoch == 12
    assert optimiseur.param_groups[0]["lr"] == pytest.approx(0.0, abs=1e-12)
    fixe = torch.optim.SGD(modele.parameters(), lr=0.1)
    entrainer(modele, chargeur, validation, nn.CrossEntropyLoss(), fixe, epoques=1)
    assert fixe.param_groups[0]["lr"] == 0.1
    capsys.readouterr()
