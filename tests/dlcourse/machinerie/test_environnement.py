"""Tests de dlcourse.machinerie.environnement : les variables des processus de la machinerie.

Chaque test passe un dictionnaire neuf à `preparer_environnement` : l'environnement
du processus de test (``os.environ``) n'est jamais touché.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlcourse.machinerie.environnement import FILS, preparer_environnement


@pytest.fixture
def environ_intact():
    """Vérifie qu'un test qui passe son propre dictionnaire ne modifie pas ``os.environ``."""
    def lire() -> dict[str, str]:
        return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

    avant = lire()
    yield
    assert lire() == avant


def test_les_reglages_de_base(environ_intact):
    """Journaux C++ de TensorFlow muets, matplotlib sans écran, pas de barre de progression."""
    environ = {"PATH": "/usr/bin"}
    fixees = preparer_environnement(environ)
    assert environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    assert environ["MPLBACKEND"] == "Agg"
    assert environ["TQDM_DISABLE"] == "1"
    assert environ["PATH"] == "/usr/bin"  # le reste est gardé
    assert fixees == {k: v for k, v in environ.items() if k != "PATH"}


def test_keras_home_est_un_dossier_jetable(environ_intact):
    """``KERAS_HOME`` : un dossier temporaire neuf, jamais le vrai cache de Keras."""
    environ: dict[str, str] = {"HOME": "/home/lecteur"}
    preparer_environnement(environ)
    keras_home = Path(environ["KERAS_HOME"])
    try:
        assert keras_home.is_dir() and keras_home.name.startswith("dlcourse-keras-home-")
        assert not keras_home.is_relative_to("/home/lecteur")
        assert list(keras_home.iterdir()) == []
        assert environ["DLCOURSE_KERAS_HOME"] == str(keras_home)
    finally:
        keras_home.rmdir()


def test_keras_home_est_garde_par_les_processus_enfants(environ_intact, tmp_path):
    """Un enfant qui hérite de ``DLCOURSE_KERAS_HOME`` garde ce dossier (pas un de plus)."""
    environ = {"DLCOURSE_KERAS_HOME": str(tmp_path), "KERAS_HOME": "/ailleurs"}
    fixees = preparer_environnement(environ)
    assert environ["KERAS_HOME"] == str(tmp_path) == fixees["KERAS_HOME"]
    assert "DLCOURSE_KERAS_HOME" not in fixees  # déjà fixé par le parent


def test_les_fils_seulement_si_demandes(environ_intact, tmp_path):
    """Les variables de fils de calcul ne sont fixées que si ``fils`` est donné."""
    sans = preparer_environnement({"DLCOURSE_KERAS_HOME": str(tmp_path)})
    assert not set(FILS) & set(sans)
    environ = {"DLCOURSE_KERAS_HOME": str(tmp_path), "OMP_NUM_THREADS": "8"}
    preparer_environnement(environ)
    assert environ["OMP_NUM_THREADS"] == "8"  # celui de l'utilisateur reste
    preparer_environnement(environ, fils=1)
    assert {nom: environ[nom] for nom in FILS} == {
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}
    preparer_environnement(environ, fils=2)
    assert {environ[nom] for nom in FILS} == {"2"}


def test_par_defaut_c_est_os_environ(monkeypatch, tmp_path):
    """Sans dictionnaire, c'est l'environnement du processus qui est réglé."""
    monkeypatch.setenv("DLCOURSE_KERAS_HOME", str(tmp_path))
    for nom in ("TF_CPP_MIN_LOG_LEVEL", "MPLBACKEND", "KERAS_HOME", *FILS):
        monkeypatch.delenv(nom, raising=False)
    preparer_environnement(fils=1)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3" and os.environ["MPLBACKEND"] == "Agg"
    assert os.environ["KERAS_HOME"] == str(tmp_path)
    assert os.environ["OMP_NUM_THREADS"] == "1"
