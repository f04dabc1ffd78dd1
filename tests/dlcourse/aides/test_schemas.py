"""Tests de dlcourse.aides.schemas : les schémas se dessinent et refusent les mauvaises entrées."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

from dlcourse.aides import schemas  # noqa: E402


@pytest.fixture(autouse=True)
def fermer():
    yield
    plt.close("all")


def _cercles(figure: Figure) -> int:
    return sum(isinstance(p, Circle) for ax in figure.axes for p in ax.patches)


def test_schema_neurone():
    figure = schemas.schema_neurone(4)
    assert isinstance(figure, Figure)
    assert _cercles(figure) == 4 + 1  # quatre entrées et la somme
    textes = [t.get_text() for t in figure.axes[0].texts]
    assert "$w_4$" in textes and "$b$" in textes


@pytest.mark.parametrize("n", [0, 7, 2.5, True])
def test_schema_neurone_refuse(n):
    with pytest.raises(ValueError, match="n_entrees"):
        schemas.schema_neurone(n)


def test_schema_reseau_compte_neurones_et_connexions():
    figure = schemas.schema_reseau([3, 4, 2])
    ax = figure.axes[0]
    assert _cercles(figure) == 3 + 4 + 2
    # connexions : (3 + biais) × 4 + (4 + biais) × 2
    assert sum(getattr(t, "arrow_patch", None) is not None for t in ax.texts) == 4 * 4 + 5 * 2
    assert {"entrée", "cachée 1", "sortie"} <= {t.get_text() for t in ax.texts}


def test_schema_reseau_sans_biais():
    ax = schemas.schema_reseau([2, 1], biais=False).axes[0]
    assert sum(getattr(t, "arrow_patch", None) is not None for t in ax.texts) == 2


def test_schema_reseau_sur_des_axes_donnes():
    figure, ax = plt.subplots()
    assert schemas.schema_reseau([2, 1], ax=ax) is figure


@pytest.mark.parametrize(("arguments", "motif"), [
    ({"couches": [3]}, "au moins deux"),
    ({"couches": [3, 0]}, "de 1 à 8"),
    ({"couches": [3, 9]}, "de 1 à 8"),
    ({"couches": [2, 1], "noms_couches": ["a"]}, "noms_couches"),
    ({"couches": [2, 1], "etiquettes_neurones": [["a"], ["b"]]}, "etiquettes_neurones"),
    ({"couches": [2, 1], "poids": {(0, 5, 0): "x"}}, "poids"),
    ({"couches": [2, 1], "poids": {(1, 0, 0): "x"}}, "poids"),
    ({"couches": [2, 1], "biais": False, "poids": {(0, "biais", 0): "x"}}, "poids"),
])
def test_schema_reseau_refuse(arguments, motif):
    with pytest.raises(ValueError, match=motif):
        schemas.schema_reseau(**arguments)


def test_schema_perceptron():
    figure = schemas.schema_perceptron(2, 3)
    assert _cercles(figure) == 5
    with pytest.raises(ValueError, match="n_sorties"):
        schemas.schema_perceptron(2, 0)


def test_schema_xor_montre_les_poids_en_vermillon():
    ax = schemas.schema_xor().axes[0]
    etiquettes = {t.get_text() for t in ax.texts}
    assert set(schemas.POIDS_XOR.values()) <= etiquettes
    assert {"ET", "OU", "XOR"} <= etiquettes


def test_schema_mcculloch_pitts():
    figure = schemas.schema_mcculloch_pitts()
    assert len(figure.axes) == 4
    assert [ax.get_title() for ax in figure.axes] == [
        "C = A", "C = A ET B", "C = A OU B", "C = A ET NON B"]


def test_frise_chronologique_trie_les_evenements():
    figure = schemas.frise_chronologique([(1969, "b"), (1943, "a")], titre="Histoire")
    textes = [t.get_text() for t in figure.axes[0].texts]
    assert textes == ["1943\na", "1969\nb"]
    assert figure.axes[0].get_title() == "Histoire"


@pytest.mark.parametrize("evenements", [[], [(1943,)], [("1943", "a")], [(1943, " ")]])
def test_frise_chronologique_refuse(evenements):
    with pytest.raises(ValueError, match="evenements"):
        schemas.frise_chronologique(evenements)
