"""Tests de dlcourse.donnees.substitution : les données substituées au téléchargement.

Le processus de test n'a aucune substitution installée : le profil est activé
dans le processus qui exécute une page (`dlcourse.machinerie.execution`).
Chaque test qui installe une ``Substitution`` la retire ensuite (dernière
installée, première retirée) ; la fixture automatique ``etat_intact``
vérifie qu'après chaque test les fonctions de téléchargement, la variable
``SCIKIT_LEARN_DATA`` et les crochets d'import sont exactement ceux d'avant.
"""

from __future__ import annotations

import importlib
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sklearn.datasets

from dlcourse.donnees import substitution as donnees
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES
from dlcourse.donnees.idx import ecrire_idx, lire_idx
from dlcourse.donnees.substitution import (
    FICHIER_CALIFORNIE,
    FICHIERS_IDX,
    Chargement,
    Substitution,
    verifier_dossier,
)


@pytest.fixture(scope="module", autouse=True)
def _frameworks():
    """Keras et torchvision, importés pour tout le module.

    Importés au premier test de ce module, pas à la collecte : un processus de
    test qui ne lance pas ces tests ne charge pas TensorFlow (8 à 10 s).
    """
    global keras, torchvision, keras_mnist
    import keras
    import torchvision
    from keras.src.datasets import mnist as keras_mnist


POINTS_DE_TELECHARGEMENT = (
    ("keras.src.datasets.mnist", "get_file"),
    ("keras.src.datasets.fashion_mnist", "get_file"),
    ("torchvision.datasets.mnist", "download_and_extract_archive"),
    ("sklearn.datasets._california_housing", "_fetch_remote"),
)


def _fonctions_actuelles() -> list:
    return [getattr(importlib.import_module(module), nom)
            for module, nom in POINTS_DE_TELECHARGEMENT]


def _crochets() -> list:
    return [c for c in sys.meta_path if isinstance(c, donnees._CrochetImport)]


@pytest.fixture(autouse=True)
def etat_intact():
    """Après chaque test, l'état du processus est exactement celui d'avant."""
    avant = _fonctions_actuelles()
    environ = os.environ.get("SCIKIT_LEARN_DATA")
    chemin_meta = list(sys.meta_path)
    yield
    assert _fonctions_actuelles() == avant
    assert os.environ.get("SCIKIT_LEARN_DATA") == environ
    assert sys.meta_path == chemin_meta


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

@pytest.mark.parametrize(("nom_de_classe", "jeu"), [("MNIST", "mnist"),
                                                    ("FashionMNIST", "fashion-mnist")])
def test_torchvision_recoit_les_echantillons(substituer, tmp_path, nom_de_classe, jeu):
    """``MNIST(root, download=True)`` et ``FashionMNIST`` lisent les échantillons."""
    classe = getattr(torchvision.datasets, nom_de_classe)
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


def _tronquer(fichier: Path) -> Path:
    """Coupe un fichier ``.gz`` en son milieu (un téléchargement interrompu)."""
    contenu = fichier.read_bytes()
    fichier.write_bytes(contenu[: len(contenu) // 2])
    return fichier


def test_un_gz_tronque_est_nomme_par_torchvision(substituer, miroir, tmp_path):
    """Un ``.gz`` tronqué du miroir : FileNotFoundError qui le nomme, pas un fichier brut coupé."""
    _tronquer(miroir / "mnist" / "train-images-idx3-ubyte.gz")
    substituer(miroir)
    with pytest.raises(FileNotFoundError,
                       match=r"mnist : le fichier .*train-images-idx3-ubyte\.gz est tronqué"):
        torchvision.datasets.MNIST(tmp_path / "tv", download=True)


# -- verifier_dossier --------------------------------------------------------

def test_verifier_dossier_accepte_un_miroir_complet(miroir):
    """Un miroir lisible en entier passe sans erreur (les échantillons livrés aussi)."""
    assert verifier_dossier(miroir) is None
    assert verifier_dossier(DOSSIER_ECHANTILLONS) is None


def test_verifier_dossier_nomme_le_gz_tronque(miroir):
    """Chaque ``.gz`` est lu jusqu'au bout : un fichier tronqué est nommé avant toute exécution."""
    tronque = _tronquer(miroir / "fashion-mnist" / "t10k-labels-idx1-ubyte.gz")
    with pytest.raises(FileNotFoundError) as erreur:
        verifier_dossier(miroir)
    assert str(erreur.value).startswith(
        f"fichier de données tronqué ou illisible : {tronque} (")


def test_verifier_dossier_nomme_un_gz_illisible(miroir):
    """Un ``.gz`` qui n'est pas du gzip du tout est nommé de même."""
    faux = miroir / "mnist" / "t10k-images-idx3-ubyte.gz"
    faux.write_bytes(b"pas du gzip")
    with pytest.raises(FileNotFoundError, match=rf"tronqué ou illisible : {faux}"):
        verifier_dossier(miroir)


def test_verifier_dossier_refuse_un_dossier_absent(tmp_path):
    """Un dossier absent : FileNotFoundError qui le nomme."""
    with pytest.raises(FileNotFoundError, match="dossier de données introuvable : .*absent"):
        verifier_dossier(tmp_path / "absent")


# -- activation, désactivation ----------------------------------------------

def test_desactiver_remet_les_fonctions_d_origine_et_efface_le_cache(miroir, monkeypatch):
    """``desactiver`` remet chaque fonction, la variable d'environnement et le crochet d'import.

    Elle efface aussi le cache temporaire.
    """
    monkeypatch.setenv("SCIKIT_LEARN_DATA", "/un/dossier/du/lecteur")
    avant = _fonctions_actuelles()
    substitution = Substitution(miroir)
    try:
        assert substitution.activer() is substitution
        assert substitution.activer() is substitution  # idempotent : pas de double enveloppe
        assert len(substitution._remplacements) == len(POINTS_DE_TELECHARGEMENT)
        assert _crochets() == [substitution._crochet]
        assert os.environ["SCIKIT_LEARN_DATA"] == str(substitution._cache / "scikit_learn_data")
        apres = _fonctions_actuelles()
        assert all(a is not b for a, b in zip(apres, avant, strict=True))
        assert all(inspect.getclosurevars(f).nonlocals["self"] is substitution for f in apres)
        keras.datasets.mnist.load_data()
        assert (substitution._cache / "keras" / "mnist.npz").is_file()
    finally:
        substitution.desactiver()
    assert _fonctions_actuelles() == avant
    assert all(a is b for a, b in zip(_fonctions_actuelles(), avant, strict=True))
    assert os.environ["SCIKIT_LEARN_DATA"] == "/un/dossier/du/lecteur"
    assert _crochets() == []
    assert not substitution._cache.exists()


def test_desactiver_retire_scikit_learn_data_s_il_n_existait_pas(monkeypatch):
    """Sans ``SCIKIT_LEARN_DATA`` avant l'activation, la variable disparaît à la désactivation."""
    monkeypatch.delenv("SCIKIT_LEARN_DATA", raising=False)
    substitution = Substitution(DOSSIER_ECHANTILLONS).activer()
    assert "SCIKIT_LEARN_DATA" in os.environ
    substitution.desactiver()
    assert "SCIKIT_LEARN_DATA" not in os.environ


def test_sans_dossier_les_fonctions_d_origine_sont_appelees(substituer, tmp_path):
    """``Substitution(None)`` ne remplace rien : il enveloppe les fonctions et tient le journal.

    Pour vérifier l'enveloppe sans réseau, les fonctions « d'origine » sont
    celles d'une substitution des échantillons installée dessous.
    """
    dessous = substituer(DOSSIER_ECHANTILLONS)
    environ = os.environ.get("SCIKIT_LEARN_DATA")
    substitution = substituer(None)
    assert substitution.dossier is None
    assert os.environ.get("SCIKIT_LEARN_DATA") == environ  # pas de cache imposé à scikit-learn
    assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is substitution

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
    # La substitution du dessous a bien servi les fichiers (et tenu son propre journal).
    assert [c.chargeur for c in dessous.journal] == ["keras"] + ["torchvision"] * 4 + [
        "scikit-learn"]


def test_chargements_donne_le_journal_en_dictionnaires(substituer):
    """``chargements()`` : le journal en dictionnaires (pour le rapport JSON), vide au départ."""
    substitution = substituer(DOSSIER_ECHANTILLONS)
    assert substitution.chargements() == []
    keras.datasets.mnist.load_data()
    keras.datasets.fashion_mnist.load_data()
    assert substitution.chargements()[0] == {"jeu": "mnist", "chargeur": "keras",
                                             "fichier": "mnist.npz", "exemples": 2500}
    assert [c["jeu"] for c in substitution.chargements()] == ["mnist"] + ["fashion-mnist"] * 4
    assert substitution.chargements() == [
        {"jeu": c.jeu, "chargeur": c.chargeur, "fichier": c.fichier, "exemples": c.exemples}
        for c in substitution.journal]


def test_deux_substitutions_s_empilent_et_se_retirent_dans_l_ordre(substituer, miroir):
    """La dernière activée sert les données ; la retirer rend la main à la précédente."""
    premiere = substituer(miroir)
    seconde = Substitution(DOSSIER_ECHANTILLONS).activer()
    try:
        (x_train, _), _ = keras.datasets.mnist.load_data()
        assert len(x_train) == 2000 and premiere.journal == []
    finally:
        seconde.desactiver()
    assert inspect.getclosurevars(keras_mnist.get_file).nonlocals["self"] is premiere
    (x_train, _), _ = keras.datasets.mnist.load_data()
    assert len(x_train) == 30
    assert premiere.chargements() == [{"jeu": "mnist", "chargeur": "keras",
                                       "fichier": "mnist.npz", "exemples": 40}]


def test_le_crochet_modifie_un_chargeur_importe_apres_l_activation(tmp_path):
    """Aucun framework importé par ``activer`` ; le chargeur est modifié quand la page l'importe.

    Dans un processus neuf (celui des tests a déjà tout importé) : scikit-learn,
    le plus léger des trois, est importé après l'activation et reçoit les
    échantillons.
    """
    script = (
        "import sys\n"
        "from dlcourse.donnees.substitution import Substitution\n"
        f"substitution = Substitution({str(DOSSIER_ECHANTILLONS)!r}).activer()\n"
        "charges = [m for m in ('torch', 'tensorflow', 'keras', 'sklearn', 'torchvision')\n"
        "           if m in sys.modules]\n"
        "print('charges :', charges)\n"
        "from sklearn.datasets import fetch_california_housing\n"
        "print('maisons :', fetch_california_housing().data.shape)\n"
        "print('journal :', substitution.chargements())\n"
        "substitution.desactiver()\n"
        "from sklearn.datasets import _california_housing\n"
        "print('remis :', _california_housing._fetch_remote.__module__)\n"
    )
    fini = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert fini.returncode == 0, fini.stderr[-2000:]
    lignes = fini.stdout.splitlines()
    assert lignes[0] == "charges : []"
    assert lignes[1] == "maisons : (2000, 8)"
    assert lignes[2] == ("journal : [{'jeu': 'california-housing', 'chargeur': 'scikit-learn', "
                         "'fichier': 'cal_housing.data', 'exemples': 2000}]")
    assert lignes[3] == "remis : sklearn.datasets._base"


def test_le_cache_est_efface_a_la_fin_du_processus(tmp_path):
    """Un processus qui active un profil sans le désactiver ne laisse pas son cache derrière lui.

    C'est le cas de chaque exécution de page : le ``mnist.npz`` construit
    (11 Mo en profil complet) resterait dans le dossier temporaire à chaque
    lancement. Les frameworks sont masqués pour que le processus démarre en une
    fraction de seconde.
    """
    script = (
        "import sys\n"
        "for nom in ('torch', 'triton', 'torchvision', 'keras', 'sklearn'):\n"
        "    sys.modules[nom] = None\n"
        "from dlcourse.donnees.substitution import Substitution\n"
        f"substitution = Substitution({str(DOSSIER_ECHANTILLONS)!r}).activer()\n"
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


def test_le_processus_de_test_n_a_aucune_substitution_installee():
    """Hors d'un profil actif, les fonctions de téléchargement sont celles des bibliothèques.

    Le profil s'active dans le processus qui exécute une page, jamais dans
    celui des tests : aucun état global ne reste d'un test à l'autre.
    """
    for (module, nom), fonction in zip(POINTS_DE_TELECHARGEMENT, _fonctions_actuelles(),
                                       strict=True):
        assert fonction.__module__ != "dlcourse.donnees.substitution", (module, nom)
    assert _crochets() == []
