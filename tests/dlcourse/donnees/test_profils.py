"""Tests de dlcourse.donnees.profils : le dossier servi par chaque profil, et leur activation."""

from __future__ import annotations

import inspect

import pytest
from keras.src.datasets import mnist as keras_mnist

from dlcourse.donnees import substitution as donnees, profils
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS
from dlcourse.donnees.profils import PROFILS, VARIABLE_MIROIR, activer_profil, dossier_donnees


@pytest.fixture(autouse=True)
def profil_rapide_intact():
    """Après chaque test, la substitution rapide de la session est de nouveau en place."""
    session = donnees._ACTIVE
    yield
    assert donnees._ACTIVE is session and session.dossier == DOSSIER_ECHANTILLONS
    assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is session


def test_les_deux_profils():
    """Les profils acceptés, et la variable d'environnement du miroir."""
    assert PROFILS == ("rapide", "complet")
    assert VARIABLE_MIROIR == "DLCOURSE_DATA_DIR"


def test_rapide_sert_les_echantillons(monkeypatch, tmp_path):
    """Le profil rapide sert les échantillons livrés, quelle que soit la variable."""
    monkeypatch.setenv(VARIABLE_MIROIR, str(tmp_path))
    assert dossier_donnees("rapide") == DOSSIER_ECHANTILLONS
    assert (DOSSIER_ECHANTILLONS / "mnist" / "train-images-idx3-ubyte.gz").is_file()


def test_complet_sans_miroir_garde_les_vrais_telechargements(monkeypatch):
    """Sans ``DLCOURSE_DATA_DIR`` (ou vide), le profil complet ne sert aucun dossier."""
    monkeypatch.delenv(VARIABLE_MIROIR, raising=False)
    assert dossier_donnees("complet") is None
    monkeypatch.setenv(VARIABLE_MIROIR, "")
    assert dossier_donnees("complet") is None


def test_complet_avec_miroir(monkeypatch, tmp_path):
    """Avec ``DLCOURSE_DATA_DIR``, le profil complet sert ce dossier (chemin résolu, ~ compris)."""
    miroir = tmp_path / "miroir"
    miroir.mkdir()
    monkeypatch.setenv(VARIABLE_MIROIR, str(miroir))
    assert dossier_donnees("complet") == miroir.resolve()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(VARIABLE_MIROIR, "~/miroir")
    assert dossier_donnees("complet") == miroir.resolve()


def test_complet_avec_un_miroir_absent(monkeypatch, tmp_path):
    """Un miroir qui n'existe pas : FileNotFoundError qui nomme la variable et le dossier."""
    monkeypatch.setenv(VARIABLE_MIROIR, str(tmp_path / "absent"))
    with pytest.raises(FileNotFoundError,
                       match=r"DLCOURSE_DATA_DIR : le dossier .*absent n'existe pas"):
        dossier_donnees("complet")


@pytest.mark.parametrize("profil", ["lent", "Rapide", ""])
def test_profil_inconnu(profil):
    """Un profil inconnu : ValueError qui le nomme et liste les profils."""
    with pytest.raises(ValueError, match=rf"profil : {profil!r} inconnu ; choisissez parmi "
                                         r"rapide, complet"):
        dossier_donnees(profil)
    with pytest.raises(ValueError, match="inconnu"):
        activer_profil(profil)


def test_activer_profil_complet_avec_miroir_puis_rapide(monkeypatch, tmp_path):
    """``activer_profil`` installe la substitution du dossier du profil pour tout le processus."""
    miroir = tmp_path / "miroir"
    miroir.mkdir()
    monkeypatch.setenv(VARIABLE_MIROIR, str(miroir))
    # La substitution de la session reste installée dessous ; monkeypatch la remet en place.
    monkeypatch.setattr(donnees, "_ACTIVE", None)
    try:
        complet = activer_profil("complet")
        assert isinstance(complet, donnees.Substitution)
        assert complet.dossier == miroir.resolve() and donnees._ACTIVE is complet
        assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is complet
        rapide = profils.activer_profil("rapide")
        assert rapide.dossier == DOSSIER_ECHANTILLONS and donnees._ACTIVE is rapide
        assert not complet._remplacements  # la précédente a été retirée
    finally:
        donnees.desactiver()
