"""Tests de dlcourse.donnees.echantillons : le tirage des échantillons du profil rapide."""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse.donnees import echantillons
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES, creer_echantillons
from dlcourse.donnees.idx import ecrire_idx, lire_idx

FICHIERS = [f"{jeu}/{prefixe}-{genre}-ubyte.gz" for jeu in ("mnist", "fashion-mnist")
            for prefixe in ("train", "t10k") for genre in ("images-idx3", "labels-idx1")]
PETITES_TAILLES = {"entrainement": 20, "test": 8, "californie": 12}


@pytest.fixture
def miroir(tmp_path, monkeypatch):
    """Un faux miroir complet : 50/20 images par jeu, 30 maisons ; tailles réduites.

    L'image numéro ``i`` est remplie de la valeur ``i`` (plus 100 pour le
    test, 200 pour Fashion-MNIST) et son étiquette vaut ``i % 10`` : on retrouve
    ainsi d'où vient chaque exemple tiré.
    """
    monkeypatch.setattr(echantillons, "TAILLES", dict(PETITES_TAILLES))
    dossier = tmp_path / "miroir"
    for decalage_jeu, jeu in ((0, "mnist"), (200, "fashion-mnist")):
        for decalage, prefixe, n in ((0, "train", 50), (100, "t10k", 20)):
            numeros = np.arange(n)
            images = np.broadcast_to((numeros + decalage + decalage_jeu)[:, None, None] % 256,
                                     (n, 28, 28)).astype(np.uint8)
            ecrire_idx(dossier / jeu / f"{prefixe}-images-idx3-ubyte.gz", images)
            ecrire_idx(dossier / jeu / f"{prefixe}-labels-idx1-ubyte.gz",
                       (numeros % 10).astype(np.uint8))
    maisons = dossier / "california-housing" / "cal_housing.data"
    maisons.parent.mkdir(parents=True)
    maisons.write_text("".join(f"-122.{i:02d},37.5,{i}.0,880.0,129.0,322.0,126.0,8.3,"
                               f"{i}00000.0\n" for i in range(30)))
    return dossier


def _contenu(dossier) -> dict[str, bytes]:
    return {str(p.relative_to(dossier)): p.read_bytes() for p in sorted(dossier.rglob("*"))
            if p.is_file()}


def test_tailles_et_fichiers_ecrits(miroir, tmp_path):
    """Les quatre fichiers de chaque jeu et les maisons, aux tailles de ``TAILLES``."""
    ecrits = creer_echantillons(miroir, tmp_path / "ech")
    assert ecrits == {**{f: 20 if "/train-" in f else 8 for f in FICHIERS},
                      "california-housing/cal_housing.data": 12}
    assert sorted(_contenu(tmp_path / "ech")) == sorted(
        FICHIERS + ["california-housing/cal_housing.data"])
    for fichier, n in ecrits.items():
        if fichier.endswith(".gz"):
            tableau = lire_idx(tmp_path / "ech" / fichier)
            assert len(tableau) == n
            assert tableau.shape[1:] == ((28, 28) if "images" in fichier else ())


def test_reproductible_pour_une_graine(miroir, tmp_path):
    """Même graine : mêmes fichiers à l'octet près ; autre graine : autre tirage."""
    creer_echantillons(miroir, tmp_path / "a", graine=3)
    creer_echantillons(miroir, tmp_path / "b", graine=3)
    creer_echantillons(miroir, tmp_path / "c", graine=4)
    assert _contenu(tmp_path / "a") == _contenu(tmp_path / "b")
    assert _contenu(tmp_path / "a") != _contenu(tmp_path / "c")


def test_sans_remise_et_paires_alignees(miroir, tmp_path):
    """Aucun exemple tiré deux fois ; chaque image garde son étiquette ; ordre d'origine."""
    creer_echantillons(miroir, tmp_path / "ech", graine=1)
    for decalage_jeu, jeu in ((0, "mnist"), (200, "fashion-mnist")):
        for decalage, prefixe, n in ((0, "train", 50), (100, "t10k", 20)):
            images = lire_idx(tmp_path / "ech" / jeu / f"{prefixe}-images-idx3-ubyte.gz")
            etiquettes = lire_idx(tmp_path / "ech" / jeu / f"{prefixe}-labels-idx1-ubyte.gz")
            assert (images == images[:, :1, :1]).all()  # chaque image est uniforme
            numeros = (images[:, 0, 0].astype(int) - decalage - decalage_jeu) % 256
            assert len(set(numeros)) == len(numeros)  # sans remise
            assert list(numeros) == sorted(numeros) and all(0 <= i < n for i in numeros)
            np.testing.assert_array_equal(etiquettes, numeros % 10)  # paires alignées
    lignes = (tmp_path / "ech" / "california-housing" / "cal_housing.data").read_text()
    lignes = lignes.splitlines()
    assert len(lignes) == len(set(lignes)) == 12
    source = (miroir / "california-housing" / "cal_housing.data").read_text().splitlines()
    positions = [source.index(ligne) for ligne in lignes]
    assert positions == sorted(positions)


def test_un_fichier_manquant_du_miroir(miroir, tmp_path):
    """Un fichier absent du miroir : FileNotFoundError qui le nomme."""
    (miroir / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match=r"fashion-mnist/t10k-labels-idx1-ubyte\.gz"):
        creer_echantillons(miroir, tmp_path / "ech")
    ecrire_idx(miroir / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz",
               (np.arange(20) % 10).astype(np.uint8))
    (miroir / "california-housing" / "cal_housing.data").unlink()
    with pytest.raises(FileNotFoundError, match=r"california-housing/cal_housing\.data"):
        creer_echantillons(miroir, tmp_path / "ech2")


def test_main_ecrit_et_affiche(miroir, tmp_path, monkeypatch, capsys):
    """``python -m dlcourse.donnees.echantillons MIROIR --graine N`` : tirage, fichiers affichés."""
    appels = []

    def vers_tmp(source, destination=None, graine=0):
        appels.append((source, graine))
        return creer_echantillons(source, tmp_path / "ech", graine=graine)

    # Sans ce remplacement, main écrirait dans les échantillons du dépôt.
    monkeypatch.setattr(echantillons, "creer_echantillons", vers_tmp)
    echantillons.main([str(miroir), "--graine", "5"])
    assert appels == [(miroir, 5)]
    sortie = capsys.readouterr().out.splitlines()
    assert "mnist/train-images-idx3-ubyte.gz : 20 exemples" in sortie
    assert "california-housing/cal_housing.data : 12 exemples" in sortie
    assert len(sortie) == 9


def test_les_echantillons_livres_ont_les_tailles_annoncees():
    """Les échantillons de ``dlcourse/donnees/echantillons_livres`` ont les tailles annoncées."""
    assert TAILLES == {"entrainement": 2000, "test": 500, "californie": 2000}
    for jeu in ("mnist", "fashion-mnist"):
        for prefixe, partie in (("train", "entrainement"), ("t10k", "test")):
            images = lire_idx(DOSSIER_ECHANTILLONS / jeu / f"{prefixe}-images-idx3-ubyte.gz")
            etiquettes = lire_idx(DOSSIER_ECHANTILLONS / jeu / f"{prefixe}-labels-idx1-ubyte.gz")
            assert images.shape == (TAILLES[partie], 28, 28) and images.dtype == np.uint8
            assert etiquettes.shape == (TAILLES[partie],)
            assert set(np.unique(etiquettes)) == set(range(10))  # toutes les classes
    lignes = (DOSSIER_ECHANTILLONS / "california-housing" / "cal_housing.data").read_text()
    lignes = lignes.splitlines()
    assert len(lignes) == TAILLES["californie"]
    assert all(len(ligne.split(",")) == 9 for ligne in lignes)
    assert len(set(lignes)) == len(lignes)
