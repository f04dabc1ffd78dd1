"""Tests de dlcourse.donnees.substitution : la substitution des données à la frontière du téléchargement.

La session de tests tourne sous le profil rapide (``conftest.py``). Chaque test
qui installe une autre ``Substitution`` la retire ensuite (dernière installée,
première retirée) ; la fixture automatique ``profil_rapide_intact`` vérifie
qu'après chaque test les fonctions de téléchargement sont de nouveau celles du
profil rapide de la session.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
import sklearn.datasets
import torchvision
from keras.src.datasets import fashion_mnist as keras_fashion_mnist
from keras.src.datasets import mnist as keras_mnist
from sklearn.datasets import _california_housing
from torchvision.datasets import mnist as tv_mnist

from dlcourse.donnees import substitution as donnees
from dlcourse.donnees.substitution import FICHIER_CALIFORNIE, FICHIERS_IDX, Chargement, Substitution
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES
from dlcourse.donnees.idx import ecrire_idx, lire_idx

POINTS_DE_TELECHARGEMENT = (
    (keras_mnist, "get_file"),
    (keras_fashion_mnist, "get_file"),
    (tv_mnist, "download_and_extract_archive"),
    (_california_housing, "_fetch_remote"),
)


def _fonctions_actuelles() -> list:
    return [getattr(module, nom) for module, nom in POINTS_DE_TELECHARGEMENT]


def verifier_profil_rapide_de_la_session() -> None:
    """Les quatre fonctions remplacées sont celles de la substitution rapide de la session."""
    session = donnees._ACTIVE
    assert session is not None and session.dossier == DOSSIER_ECHANTILLONS
    for module, nom in POINTS_DE_TELECHARGEMENT:
        fonction = getattr(module, nom)
        assert fonction.__module__ == "dlcourse.donnees.substitution", (module.__name__, nom)
        assert inspect.getclosurevars(fonction).nonlocals["self"] is session, (module, nom)


@pytest.fixture(autouse=True)
def profil_rapide_intact():
    """Après chaque test, l'état du processus est exactement celui d'avant."""
    avant = _fonctions_actuelles()
    environ = os.environ.get("SCIKIT_LEARN_DATA")
    yield
    assert _fonctions_actuelles() == avant
    assert os.environ.get("SCIKIT_LEARN_DATA") == environ
    verifier_profil_rapide_de_la_session()


@pytest.fixture
def substituer():
    """Installe des substitutions et les retire à la fin du test, dans l'ordre inverse."""
    installees: list[Substitution] = []

    def installer(dossier) -> Substitution:
        substitution = Substitution(dossier).activer()
        installees.append(substitution)
        return substitution

    yield installer
    for substitution in reversed(installees):
        substitution.desactiver()


def _recopier(dossier: Path, n_entrainement: int, n_test: int, n_lignes: int) -> Path:
    """Un petit miroir : les premiers exemples des échantillons livrés."""
    for jeu in ("mnist", "fashion-mnist"):
        for prefixe, n in (("train", n_entrainement), ("t10k", n_test)):
            for genre in ("images-idx3", "labels-idx1"):
                nom = f"{prefixe}-{genre}-ubyte.gz"
                ecrire_idx(dossier / jeu / nom, lire_idx(DOSSIER_ECHANTILLONS / jeu / nom)[:n])
    lignes = (DOSSIER_ECHANTILLONS / "california-housing" / FICHIER_CALIFORNIE).read_text()
    cible = dossier / "california-housing" / FICHIER_CALIFORNIE
    cible.parent.mkdir(parents=True, exist_ok=True)
    cible.write_text("\n".join(lignes.splitlines()[:n_lignes]) + "\n")
    return dossier


@pytest.fixture
def miroir(tmp_path) -> Path:
    """Un faux miroir (comme ``DLCOURSE_DATA_DIR``) : 30/10 images par jeu, 25 maisons."""
    return _recopier(tmp_path / "miroir", 30, 10, 25)


def _echantillon(jeu: str, nom: str) -> np.ndarray:
    return lire_idx(DOSSIER_ECHANTILLONS / jeu / nom)


# -- Keras -------------------------------------------------------------------

def test_keras_mnist_recoit_les_echantillons(substituer):
    """``keras.datasets.mnist.load_data()`` rend les échantillons, en uint8."""
    substitution = substituer(DOSSIER_ECHANTILLONS)
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    assert x_train.shape == (TAILLES["entrainement"], 28, 28) == (2000, 28, 28)
    assert x_test.shape == (TAILLES["test"], 28, 28) == (500, 28, 28)
    assert y_train.shape == (2000,) and y_test.shape == (500,)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, _echantillon("mnist", "train-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(y_test, _echantillon("mnist", "t10k-labels-idx1-ubyte.gz"))
    assert substitution.journal == [Chargement("mnist", "keras", "mnist.npz", 2500)]


def test_le_npz_de_keras_reste_dans_le_cache_prive(substituer):
    """Le ``mnist.npz`` construit vit dans le cache temporaire : ni KERAS_HOME ni ~/.keras."""
    keras_home = Path(os.environ["KERAS_HOME"])
    home_keras = Path.home() / ".keras"

    def contenu(dossier: Path) -> set:
        return {(p, p.stat().st_mtime_ns) for p in dossier.rglob("*")}

    avant = contenu(keras_home), contenu(home_keras)
    substitution = substituer(DOSSIER_ECHANTILLONS)
    keras.datasets.mnist.load_data()
    chemin = Path(keras_mnist.get_file(fname="mnist.npz", origin="https://exemple.invalid/"))
    assert chemin == substitution._cache / "keras" / "mnist.npz"
    assert chemin.is_file()
    assert (contenu(keras_home), contenu(home_keras)) == avant
    assert not any(p.name == "mnist.npz" for p in keras_home.rglob("*"))


def test_keras_fashion_mnist_recoit_les_echantillons(substituer):
    """Fashion-MNIST : les quatre fichiers IDX sont lus directement dans le dossier servi."""
    substitution = substituer(DOSSIER_ECHANTILLONS)
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    assert x_train.shape == (2000, 28, 28) and x_test.shape == (500, 28, 28)
    assert x_train.dtype == np.uint8
    np.testing.assert_array_equal(
        x_test, _echantillon("fashion-mnist", "t10k-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(
        y_train, _echantillon("fashion-mnist", "train-labels-idx1-ubyte.gz"))
    assert substitution.journal == [
        Chargement("fashion-mnist", "keras", "train-labels-idx1-ubyte.gz", 2000),
        Chargement("fashion-mnist", "keras", "train-images-idx3-ubyte.gz", 2000),
        Chargement("fashion-mnist", "keras", "t10k-labels-idx1-ubyte.gz", 500),
        Chargement("fashion-mnist", "keras", "t10k-images-idx3-ubyte.gz", 500),
    ]


def test_keras_un_autre_fichier_est_refuse(substituer):
    """Un nom de fichier inconnu demandé par Keras donne une erreur qui le nomme."""
    substituer(DOSSIER_ECHANTILLONS)
    with pytest.raises(FileNotFoundError, match=r"mnist : Keras demande autre\.npz"):
        keras.datasets.mnist.load_data(path="autre.npz")


# -- torchvision -------------------------------------------------------------

@pytest.mark.parametrize(("classe", "jeu"), [(torchvision.datasets.MNIST, "mnist"),
                                             (torchvision.datasets.FashionMNIST,
                                              "fashion-mnist")])
def test_torchvision_recoit_les_echantillons(substituer, tmp_path, classe, jeu):
    """``MNIST(root, download=True)`` et ``FashionMNIST`` lisent les échantillons."""
    substitution = substituer(DOSSIER_ECHANTILLONS)
    entrainement = classe(tmp_path, train=True, download=True)
    test = classe(tmp_path, train=False, download=True)
    assert len(entrainement) == 2000 and len(test) == 500
    np.testing.assert_array_equal(entrainement.data.numpy(),
                                  _echantillon(jeu, "train-images-idx3-ubyte.gz"))
    np.testing.assert_array_equal(test.targets.numpy(),
                                  _echantillon(jeu, "t10k-labels-idx1-ubyte.gz"))
    # Les fichiers bruts sont décompressés sous root, là où torchvision les attend.
    bruts = tmp_path / classe.__name__ / "raw"
    assert sorted(p.name for p in bruts.iterdir()) == sorted(
        f.removesuffix(".gz") for f in FICHIERS_IDX)
    # Un seul téléchargement : le second objet trouve les fichiers déjà là.
    assert [(c.jeu, c.chargeur, c.fichier, c.exemples) for c in substitution.journal] == [
        (jeu, "torchvision", "train-images-idx3-ubyte.gz", 2000),
        (jeu, "torchvision", "train-labels-idx1-ubyte.gz", 2000),
        (jeu, "torchvision", "t10k-images-idx3-ubyte.gz", 500),
        (jeu, "torchvision", "t10k-labels-idx1-ubyte.gz", 500),
    ]


def test_torchvision_jeu_non_pris_en_charge(substituer, tmp_path):
    """KMNIST n'est pas servi : l'erreur nomme la classe et les jeux pris en charge."""
    substituer(DOSSIER_ECHANTILLONS)
    with pytest.raises(FileNotFoundError,
                       match=r"KMNIST : jeu de données non pris en charge .*MNIST, FashionMNIST"):
        torchvision.datasets.KMNIST(tmp_path, download=True)


# -- scikit-learn ------------------------------------------------------------

def test_sklearn_californie_recoit_les_echantillons(substituer):
    """``fetch_california_housing()`` rend les 2000 lignes et 8 variables des échantillons."""
    substitution = substituer(DOSSIER_ECHANTILLONS)
    assert os.environ["SCIKIT_LEARN_DATA"] == str(substitution._cache / "scikit_learn_data")
    maisons = sklearn.datasets.fetch_california_housing()
    assert maisons.data.shape == (TAILLES["californie"], 8) == (2000, 8)
    assert maisons.target.shape == (2000,)
    brut = np.loadtxt(DOSSIER_ECHANTILLONS / "california-housing" / FICHIER_CALIFORNIE,
                      delimiter=",")
    np.testing.assert_allclose(maisons.target, brut[:, 8] / 100000)
    np.testing.assert_allclose(maisons.data[:, 0], brut[:, 7])  # MedInc
    assert substitution.journal == [
        Chargement("california-housing", "scikit-learn", FICHIER_CALIFORNIE, 2000)]
    # Le cache de scikit-learn est celui, temporaire, de la substitution.
    assert list((substitution._cache / "scikit_learn_data").glob("cal_housing*.pkz"))


# -- un miroir (profil complet hors ligne) ----------------------------------

def test_un_miroir_sert_exactement_ses_donnees(substituer, miroir, tmp_path, monkeypatch):
    """Le chemin du profil complet : ``DLCOURSE_DATA_DIR`` nomme un miroir, servi tel quel."""
    from dlcourse.donnees.profils import dossier_donnees

    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(miroir))
    substitution = substituer(dossier_donnees("complet"))
    assert substitution.dossier == miroir.resolve()

    (x_train, y_train), (x_test, _) = keras.datasets.mnist.load_data()
    assert x_train.shape == (30, 28, 28) and x_test.shape == (10, 28, 28)
    np.testing.assert_array_equal(x_train, lire_idx(miroir / "mnist" / FICHIERS_IDX[0]))
    np.testing.assert_array_equal(y_train, lire_idx(miroir / "mnist" / FICHIERS_IDX[1]))

    (xf_train, _), (xf_test, _) = keras.datasets.fashion_mnist.load_data()
    assert xf_train.shape == (30, 28, 28) and xf_test.shape == (10, 28, 28)

    assert len(torchvision.datasets.MNIST(tmp_path / "tv", download=True)) == 30
    assert len(torchvision.datasets.FashionMNIST(tmp_path / "tv", train=False,
                                                 download=True)) == 10

    maisons = sklearn.datasets.fetch_california_housing()
    brut = np.loadtxt(miroir / "california-housing" / FICHIER_CALIFORNIE, delimiter=",")
    assert maisons.data.shape == (25, 8)
    np.testing.assert_allclose(maisons.target, brut[:, 8] / 100000)

    assert substitution.journal[0] == Chargement("mnist", "keras", "mnist.npz", 40)
    assert substitution.journal[-1] == Chargement("california-housing", "scikit-learn",
                                                  FICHIER_CALIFORNIE, 25)
    assert {c.exemples for c in substitution.journal if c.chargeur == "torchvision"} == {30, 10}


def test_un_fichier_manquant_est_nomme(substituer, miroir, tmp_path):
    """Un fichier absent du dossier : FileNotFoundError en français qui le nomme."""
    (miroir / "mnist" / "t10k-labels-idx1-ubyte.gz").unlink()
    (miroir / "california-housing" / FICHIER_CALIFORNIE).unlink()
    substituer(miroir)
    attendu = r"mnist : le fichier t10k-labels-idx1-ubyte\.gz manque dans le dossier de données"
    with pytest.raises(FileNotFoundError, match=attendu):
        keras.datasets.mnist.load_data()
    with pytest.raises(FileNotFoundError, match=attendu):
        torchvision.datasets.MNIST(tmp_path / "tv", download=True)
    with pytest.raises(FileNotFoundError, match=r"california-housing : le fichier "
                                                r"cal_housing\.data manque"):
        sklearn.datasets.fetch_california_housing(data_home=tmp_path / "sk")


def test_un_dossier_inexistant_est_refuse(tmp_path):
    """``Substitution(dossier absent)`` : FileNotFoundError qui nomme le dossier."""
    absent = tmp_path / "nulle-part"
    with pytest.raises(FileNotFoundError, match="dossier de données introuvable : .*nulle-part"):
        Substitution(absent)


# -- activation, désactivation ----------------------------------------------

def test_desactiver_remet_les_fonctions_d_origine_et_efface_le_cache(miroir):
    """``desactiver`` remet chaque fonction et la variable d'environnement, et efface le cache."""
    avant = _fonctions_actuelles()
    environ = os.environ.get("SCIKIT_LEARN_DATA")
    substitution = Substitution(miroir)
    try:
        assert substitution.activer() is substitution
        assert substitution.activer() is substitution  # idempotent : pas de double enveloppe
        assert len(substitution._remplacements) == len(POINTS_DE_TELECHARGEMENT)
        apres = _fonctions_actuelles()
        assert all(a is not b for a, b in zip(apres, avant, strict=True))
        assert all(inspect.getclosurevars(f).nonlocals["self"] is substitution for f in apres)
        keras.datasets.mnist.load_data()
        assert (substitution._cache / "keras" / "mnist.npz").is_file()
    finally:
        substitution.desactiver()
    assert _fonctions_actuelles() == avant
    assert os.environ.get("SCIKIT_LEARN_DATA") == environ
    assert not substitution._cache.exists()


def test_sans_dossier_les_fonctions_d_origine_sont_appelees(substituer, tmp_path):
    """``Substitution(None)`` ne remplace rien : il enveloppe les fonctions et tient le journal.

    Les fonctions « d'origine » sont ici celles du profil rapide de la session,
    ce qui permet de vérifier l'enveloppe sans réseau.
    """
    environ = os.environ.get("SCIKIT_LEARN_DATA")
    substitution = substituer(None)
    assert substitution.dossier is None
    assert os.environ.get("SCIKIT_LEARN_DATA") == environ

    (x_train, _), _ = keras.datasets.mnist.load_data()
    assert x_train.shape == (2000, 28, 28)
    assert len(torchvision.datasets.MNIST(tmp_path / "tv", train=False, download=True)) == 500
    maisons = sklearn.datasets.fetch_california_housing(data_home=tmp_path / "sk")
    assert maisons.data.shape == (2000, 8)

    assert substitution.journal[0] == Chargement("mnist", "keras", "mnist.npz", 2500)
    assert [(c.fichier, c.exemples) for c in substitution.journal[1:5]] == [
        ("train-images-idx3-ubyte", 2000), ("train-labels-idx1-ubyte", 2000),
        ("t10k-images-idx3-ubyte", 500), ("t10k-labels-idx1-ubyte", 500)]
    assert substitution.journal[-1] == Chargement("california-housing", "scikit-learn",
                                                  FICHIER_CALIFORNIE, 2000)


def test_activer_desactiver_et_journal_du_module(miroir, monkeypatch):
    """``activer`` remplace la substitution active, ``journal`` la lit, ``desactiver`` l'ôte."""
    session = _fonctions_actuelles()
    # La substitution de la session reste installée dessous ; monkeypatch la remet en place.
    monkeypatch.setattr(donnees, "_ACTIVE", None)
    assert donnees.journal() == []
    try:
        premiere = donnees.activer(miroir)
        assert donnees._ACTIVE is premiere
        seconde = donnees.activer(DOSSIER_ECHANTILLONS)
        assert donnees._ACTIVE is seconde
        assert not premiere._remplacements and not premiere._cache.exists()
        keras.datasets.mnist.load_data()
        assert donnees.journal() == [{"jeu": "mnist", "chargeur": "keras",
                                      "fichier": "mnist.npz", "exemples": 2500}]
    finally:
        donnees.desactiver()
    assert donnees._ACTIVE is None and donnees.journal() == []
    assert _fonctions_actuelles() == session
    donnees.desactiver()  # sans substitution active : rien à faire


def test_le_cache_est_efface_a_la_fin_du_processus(tmp_path):
    """Un processus qui active un profil sans le désactiver ne laisse pas son cache derrière lui.

    C'est le cas de la session de tests et de chaque exécution de page : le
    ``mnist.npz`` construit (11 Mo en profil complet) resterait dans le dossier
    temporaire à chaque lancement. Les frameworks sont masqués pour que le
    processus démarre en une fraction de seconde.
    """
    script = (
        "import sys\n"
        "for nom in ('torch', 'triton', 'torchvision', 'keras', 'sklearn'):\n"
        "    sys.modules[nom] = None\n"
        "from dlcourse.donnees import substitution as donnees\n"
        f"substitution = donnees.activer({str(DOSSIER_ECHANTILLONS)!r})\n"
        "substitution._npz_mnist()\n"
        "print(substitution._cache)\n"
    )
    fini = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    cache = Path(fini.stdout.strip())
    assert cache.name.startswith("dlcourse-cache-")
    reste = cache.exists()
    shutil.rmtree(cache, ignore_errors=True)  # ce test ne laisse rien, lui
    assert not reste, f"{cache} existe encore après la fin du processus"


def test_compter_idx_et_csv(tmp_path):
    """Le journal compte les exemples d'un IDX (en-tête) et les lignes non vides d'un CSV."""
    idx = ecrire_idx(tmp_path / "x-labels-idx1-ubyte.gz", np.arange(7, dtype=np.uint8))
    brut = ecrire_idx(tmp_path / "x-images-idx3-ubyte", np.zeros((3, 2, 2), np.uint8))
    csv = tmp_path / "maisons.data"
    csv.write_text("1,2\n\n3,4\n5,6\n")
    assert donnees._compter(idx) == 7
    assert donnees._compter(brut) == 3
    assert donnees._compter(csv) == 3


def test_le_profil_rapide_de_la_session_est_toujours_en_place(tmp_path):
    """Après les tests de ce fichier, la session sert toujours les échantillons."""
    verifier_profil_rapide_de_la_session()
    chemin = Path(keras_fashion_mnist.get_file(fname="t10k-labels-idx1-ubyte.gz",
                                               origin="https://exemple.invalid/"))
    assert chemin == DOSSIER_ECHANTILLONS / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz"
    donnees._ACTIVE.journal.pop()  # ne pas laisser de trace de ce test dans le journal
