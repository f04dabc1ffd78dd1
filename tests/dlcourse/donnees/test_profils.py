"""Tests de dlcourse.donnees.profils : le dossier servi par chaque profil, et leur activation.

Le processus de test n'a aucun profil actif ; chaque test qui en active un
le désactive, et la fixture automatique ``etat_intact`` vérifie qu'ensuite
les fonctions de téléchargement et ``SCIKIT_LEARN_DATA`` sont celles d'avant.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap

import pytest
import sklearn.datasets
from sklearn.datasets import _california_housing

from dlcourse.donnees import substitution as donnees
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES
from dlcourse.donnees.profils import (
    PROFILS,
    VARIABLE_MIROIR,
    ErreurProfil,
    Profil,
    activer_profil,
    dossier_donnees,
)


@pytest.fixture(scope="module", autouse=True)
def _frameworks():
    """Keras, importé pour tout le module.

    Importés au premier test de ce module, pas à la collecte : un processus de
    test qui ne lance pas ces tests ne charge pas TensorFlow (8 à 10 s).
    """
    global keras, keras_mnist
    import keras
    from keras.src.datasets import mnist as keras_mnist


def _etat() -> tuple:
    return (keras_mnist.get_file, _california_housing._fetch_remote,
            os.environ.get("SCIKIT_LEARN_DATA"),
            [c for c in sys.meta_path if isinstance(c, donnees._CrochetImport)])


@pytest.fixture(autouse=True)
def etat_intact():
    """Après chaque test, les fonctions de téléchargement et l'environnement sont ceux d'avant."""
    avant = _etat()
    yield
    assert _etat() == avant


def test_chaque_profil_nomme_s_active(monkeypatch):
    """Chaque nom de ``PROFILS`` donne un dossier et un profil actif ; ``DLCOURSE_DATA_DIR`` compte.

    Le nom de la variable est celui qu'annoncent le README et le message
    d'erreur : on la fixe par son nom écrit en toutes lettres.
    """
    monkeypatch.delenv("DLCOURSE_DATA_DIR", raising=False)
    for nom in PROFILS:
        with activer_profil(nom) as profil:
            assert profil.nom == nom and profil.dossier == dossier_donnees(nom)
    assert dossier_donnees("rapide") == DOSSIER_ECHANTILLONS
    assert dossier_donnees("complet") is None
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(DOSSIER_ECHANTILLONS))
    assert dossier_donnees("complet") == DOSSIER_ECHANTILLONS.resolve()
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(DOSSIER_ECHANTILLONS / "absent"))
    with pytest.raises(ErreurProfil, match="^DLCOURSE_DATA_DIR : "):
        activer_profil("complet")


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
    """Un miroir qui n'existe pas : ErreurProfil qui nomme la variable et le dossier."""
    monkeypatch.setenv(VARIABLE_MIROIR, str(tmp_path / "absent"))
    with pytest.raises(ErreurProfil, match=r"DLCOURSE_DATA_DIR : le dossier .*absent n'existe pas"):
        dossier_donnees("complet")
    with pytest.raises(ErreurProfil, match="absent n'existe pas"):
        activer_profil("complet")


@pytest.mark.parametrize("profil", ["lent", "Rapide", ""])
def test_profil_inconnu(profil):
    """Un profil inconnu : ErreurProfil (une ValueError) qui le nomme et liste les profils."""
    with pytest.raises(ErreurProfil, match=rf"profil : {profil!r} inconnu ; choisissez parmi "
                                           r"rapide, complet"):
        dossier_donnees(profil)
    with pytest.raises(ValueError, match="inconnu"):
        activer_profil(profil)


def test_activer_profil_complet_avec_miroir_puis_rapide(monkeypatch, tmp_path):
    """Deux profils actifs s'empilent : le dernier sert, le retirer rend la main au précédent."""
    miroir = tmp_path / "miroir"
    miroir.mkdir()
    monkeypatch.setenv(VARIABLE_MIROIR, str(miroir))
    origine = keras_mnist.get_file
    complet = activer_profil("complet")
    try:
        assert isinstance(complet, Profil)
        assert complet.dossier == miroir.resolve()
        assert complet.substitution.dossier == miroir.resolve()
        assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is (
            complet.substitution)
        rapide = activer_profil("rapide")
        try:
            assert rapide.dossier == DOSSIER_ECHANTILLONS
            assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is (
                rapide.substitution)
        finally:
            rapide.desactiver()
        assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is (
            complet.substitution)
    finally:
        complet.desactiver()
    assert keras_mnist.get_file is origine


def test_le_profil_est_un_gestionnaire_de_contexte(monkeypatch):
    """``with Profil("rapide")`` : le journal, puis les fonctions et SCIKIT_LEARN_DATA remis."""
    monkeypatch.setenv("SCIKIT_LEARN_DATA", "/cache/du/lecteur")
    get_file, fetch_remote = keras_mnist.get_file, _california_housing._fetch_remote
    with Profil("rapide") as profil:
        cache = profil.substitution._cache
        assert profil.journal() == []
        assert os.environ["SCIKIT_LEARN_DATA"] == str(cache / "scikit_learn_data")
        (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
        maisons = sklearn.datasets.fetch_california_housing()
        assert (len(x_train), len(x_test)) == (TAILLES["entrainement"], TAILLES["test"])
        assert maisons.data.shape == (TAILLES["californie"], 8)
        assert profil.journal() == [
            {"jeu": "mnist", "chargeur": "keras", "fichier": "mnist.npz", "exemples": 2500},
            {"jeu": "california-housing", "chargeur": "scikit-learn",
             "fichier": "cal_housing.data", "exemples": 2000}]
    assert keras_mnist.get_file is get_file
    assert _california_housing._fetch_remote is fetch_remote
    assert os.environ["SCIKIT_LEARN_DATA"] == "/cache/du/lecteur"
    assert not cache.exists()
    assert profil.journal()[0]["jeu"] == "mnist"  # le journal reste lisible après la sortie


def test_desactiver_remet_tout_meme_apres_une_erreur(monkeypatch):
    """Une erreur dans le ``with`` : les fonctions d'origine sont remises quand même.

    ``desactiver`` appelée seule (sans ``with``) fait de même, et SCIKIT_LEARN_DATA
    absente avant l'activation l'est de nouveau après.
    """
    monkeypatch.delenv("SCIKIT_LEARN_DATA", raising=False)
    get_file = keras_mnist.get_file
    with pytest.raises(ZeroDivisionError), activer_profil("rapide"):
        assert keras_mnist.get_file is not get_file
        1 / 0  # noqa: B018
    assert keras_mnist.get_file is get_file and "SCIKIT_LEARN_DATA" not in os.environ
    profil = activer_profil("rapide")
    assert keras_mnist.get_file is not get_file and "SCIKIT_LEARN_DATA" in os.environ
    profil.desactiver()
    assert keras_mnist.get_file is get_file and "SCIKIT_LEARN_DATA" not in os.environ


def test_activer_un_profil_n_importe_aucun_framework(tmp_path):
    """Dans un processus neuf, ``activer_profil`` n'importe ni PyTorch, ni TensorFlow, ni Keras.

    Le crochet d'import modifie ``keras.datasets.mnist`` quand le code
    l'importe ensuite : ``load_data()`` rend les 2 000/500 échantillons.
    """
    script = textwrap.dedent("""\
        import sys
        from dlcourse.donnees.profils import activer_profil
        profil = activer_profil("rapide")
        print("importes :", [m for m in ("torch", "tensorflow", "keras", "sklearn")
                             if m in sys.modules])
        from keras.datasets import mnist
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
        print("formes :", x_train.shape, y_train.shape, x_test.shape, y_test.shape)
        print("journal :", profil.journal())
        """)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    fini = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert fini.returncode == 0, fini.stderr[-2000:]
    assert fini.stdout.splitlines() == [
        "importes : []",
        "formes : (2000, 28, 28) (2000,) (500, 28, 28) (500,)",
        "journal : [{'jeu': 'mnist', 'chargeur': 'keras', 'fichier': 'mnist.npz', "
        "'exemples': 2500}]",
    ]
