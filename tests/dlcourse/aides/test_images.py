"""Tests de dlcourse.aides.images : la grille d'images avec étiquettes et prédictions."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from dlcourse.aides.images import COULEUR_ERREUR, grille_images

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (6, 28, 28), dtype=np.uint8)


@pytest.fixture(autouse=True)
def fermer_les_figures():
    yield
    plt.close("all")


def _titres(figure) -> list[str]:
    return [axe.get_title() for axe in figure.axes if axe.get_images()]


@pytest.mark.parametrize("images", [
    IMAGES,
    torch.from_numpy(IMAGES).unsqueeze(1).float(),  # PyTorch : (n, 1, h, l)
    IMAGES[..., None],  # Keras : (n, h, l, 1)
    torch.from_numpy(IMAGES),
    IMAGES.tolist(),
], ids=["numpy-nhl", "torch-n1hl", "numpy-nhl1", "torch-nhl", "liste"])
def test_formes_acceptees(images):
    """(n, h, l), (n, 1, h, l) et (n, h, l, 1), en tableau, tenseur ou liste."""
    figure = grille_images(images, colonnes=4)
    assert len(figure.axes) == 8  # 2 lignes de 4 ; les cases en trop sont vides
    dessinees = [axe.get_images()[0].get_array() for axe in figure.axes if axe.get_images()]
    assert len(dessinees) == 6
    np.testing.assert_array_equal(np.asarray(dessinees[2]), IMAGES[2])


def test_tenseur_qui_demande_un_gradient():
    """Un tenseur attaché au graphe de calcul est détaché avant l'affichage."""
    images = torch.zeros(2, 1, 5, 5, requires_grad=True) * 2
    assert len(grille_images(images).axes) == 5


def test_les_titres_montrent_les_etiquettes():
    """Sans prédictions, le titre est l'étiquette (ou le nom de sa classe)."""
    etiquettes = torch.tensor([3, 1, 4, 1, 5, 9])
    assert _titres(grille_images(IMAGES, etiquettes)) == ["3", "1", "4", "1", "5", "9"]
    noms = [f"classe {i}" for i in range(10)]
    assert _titres(grille_images(IMAGES[:2], [0, 7], noms_classes=noms)) == ["classe 0",
                                                                              "classe 7"]


def test_les_predictions_fausses_sont_en_couleur():
    """Une prédiction fausse : en vermillon, la vraie classe entre parenthèses."""
    noms = ["T-shirt", "Pantalon", "Pull"]
    figure = grille_images(IMAGES[:3], etiquettes=[0, 1, 2], predictions=np.array([0, 2, 2]),
                           noms_classes=noms)
    axes = [axe for axe in figure.axes if axe.get_images()]
    assert [axe.get_title() for axe in axes] == ["T-shirt", "Pull (Pantalon)", "Pull"]
    couleurs = [mcolors.to_hex(axe.title.get_color()) for axe in axes]
    assert couleurs == ["#000000", COULEUR_ERREUR.lower(), "#000000"]


def test_predictions_sans_etiquettes():
    """Des prédictions seules s'affichent en noir, sans parenthèses."""
    figure = grille_images(IMAGES[:2], predictions=torch.tensor([[5], [6]]))
    assert _titres(figure) == ["5", "6"]
    assert all(mcolors.to_hex(axe.title.get_color()) == "#000000" for axe in figure.axes)


def test_sans_etiquettes_pas_de_titre():
    """Sans étiquettes ni prédictions, pas de titre, et aucun axe visible."""
    figure = grille_images(IMAGES[:3], colonnes=2)
    assert _titres(figure) == ["", "", ""]
    assert not any(axe.axison for axe in figure.axes)
    assert len(figure.axes) == 4


def test_pile_vide():
    """Une pile vide : ValueError."""
    with pytest.raises(ValueError, match="images : la pile est vide, rien à afficher"):
        grille_images(np.zeros((0, 28, 28)))


@pytest.mark.parametrize("forme", [(28, 28), (2, 3, 28, 28), (2, 28, 28, 3), (28,),
                                   (1, 2, 28, 28, 1)])
def test_mauvaise_forme(forme):
    """Ni (n, h, l) ni une seule couche de couleur : ValueError qui donne la forme."""
    with pytest.raises(ValueError, match=rf"niveaux de gris \(n, hauteur, largeur\) est "
                                         rf"attendue, pas un tableau de forme "
                                         rf"{__import__('re').escape(str(forme))}"):
        grille_images(np.zeros(forme))


@pytest.mark.parametrize("nom", ["etiquettes", "predictions"])
def test_longueurs_differentes(nom):
    """Une étiquette ou prédiction de trop ou de moins : ValueError qui compte."""
    with pytest.raises(ValueError, match=rf"{nom} : 5 valeurs pour 6 images"):
        grille_images(IMAGES, **{nom: [0] * 5})


@pytest.mark.parametrize("colonnes", [0, -2])
def test_colonnes_invalides(colonnes):
    """Moins d'une colonne : ValueError qui cite la valeur."""
    with pytest.raises(ValueError, match=rf"colonnes : un entier positif est attendu, "
                                         rf"pas {colonnes}"):
        grille_images(IMAGES, colonnes=colonnes)
