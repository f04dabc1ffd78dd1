"""Rien de coupé, tout lisible : la mise en page de chaque page, à 1280 px et à 390 px.

Les mesures viennent de la visite de chaque page (fixture ``visites`` de
``conftest.py``) : la fenêtre prend les deux largeurs l'une après l'autre, tous
les onglets et tous les encadrés repliés montrés le temps de mesurer.
"""

from __future__ import annotations

import pytest

LARGEURS = ("bureau", "telephone")


@pytest.mark.parametrize("largeur", LARGEURS)
def test_rien_ne_deborde(visites, largeur):
    """Formules, code, tableaux, images et cellules de carnets tiennent dans la colonne.

    Seules les zones défilantes voulues (sorties des blocs et des carnets,
    tableaux : ``ZONES_DEFILANTES`` de ``conftest.py``) peuvent cacher une
    partie de leur contenu derrière un défilement horizontal.
    """
    problemes = [f"{nom} : {d}" for nom, v in visites.items()
                 for d in v.mise_en_page[largeur]["debordements"]]
    assert not problemes, (f"{len(problemes)} débordements à la largeur « {largeur} » :\n"
                           + "\n".join(problemes))


@pytest.mark.parametrize("largeur", LARGEURS)
def test_zones_defilantes_au_clavier(visites, largeur):
    """Une zone qui défile horizontalement peut recevoir le focus (flèches du clavier)."""
    problemes = [f"{nom} : {z['zone']}" for nom, v in visites.items()
                 for z in v.mise_en_page[largeur]["defilantes"] if not z["clavier"]]
    assert not problemes, "zones défilantes sans focus clavier :\n" + "\n".join(problemes)
