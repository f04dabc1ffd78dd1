"""Le profil rapide sert les échantillons et ne change rien d'autre à la page.

Deux vérifications : dans ce processus, activer le profil ne remplace que les
fonctions qui téléchargent ; dans un enfant d'un serveur d'exécution (comme
pour chaque chemin de page), le code de la page, pris tel quel, lit les
échantillons livrés.
"""

from __future__ import annotations

import importlib

import pytest
import sklearn.datasets

from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES
from dlcourse.donnees.profils import activer_profil
from dlcourse.machinerie.execution import Demande
from dlcourse.machinerie.ordre_imports import frameworks_importes
from dlcourse.machinerie.pages import DOSSIER_DOCS, code_du_chemin

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-mlp.md"

NOMS_DES_CHARGEURS = (("keras.src.datasets.mnist", "get_file"),
                      ("keras.src.datasets.fashion_mnist", "get_file"),
                      ("torchvision.datasets.mnist", "download_and_extract_archive"),
                      ("sklearn.datasets._california_housing", "_fetch_remote"))
"""Les modules de chargement et la fonction de chacun qui télécharge."""


@pytest.fixture(scope="module", autouse=True)
def _frameworks():
    """Keras et torchvision, importés au premier test de ce module, pas à la collecte :
    un processus de test qui ne lance pas ces tests ne charge pas TensorFlow."""
    global keras, torchvision, CHARGEURS
    import keras
    import torchvision
    CHARGEURS = tuple((importlib.import_module(module), nom)
                      for module, nom in NOMS_DES_CHARGEURS)


def test_seules_les_fonctions_de_telechargement_sont_remplacees():
    """Dans chaque module de chargement, le profil ne change qu'un nom : celui qui télécharge."""
    avant = {module: dict(vars(module)) for module, _ in CHARGEURS}
    with activer_profil("rapide") as profil:
        assert profil.dossier == DOSSIER_ECHANTILLONS
        # Les chargeurs appelés par les pages sont ceux des bibliothèques…
        assert keras.datasets.mnist.load_data.__module__ == "keras.src.datasets.mnist"
        assert torchvision.datasets.MNIST.__module__ == "torchvision.datasets.mnist"
        assert sklearn.datasets.fetch_california_housing.__module__.startswith("sklearn.")
        # … et seule la fonction qui télécharge est remplacée.
        for module, nom in CHARGEURS:
            changes = {cle for cle, valeur in vars(module).items()
                       if avant[module].get(cle, object()) is not valeur}
            assert changes == {nom}, (module.__name__, changes)
            assert getattr(module, nom).__module__ == "dlcourse.donnees.substitution"
    for module, _ in CHARGEURS:
        assert all(vars(module)[cle] is valeur for cle, valeur in avant[module].items())


def test_une_execution_rapide_lit_les_echantillons(serveurs, tmp_path):
    """Les premiers blocs de la page (jusqu'au chargement), tels quels, dans un enfant neuf."""
    chemin = code_du_chemin(PAGE, "Keras")
    fin = next(i for i, bloc in enumerate(chemin) if "keras.datasets.mnist.load_data()" in bloc)
    cellules = chemin[:fin + 1]
    demande = Demande("entrainement/mnist-mlp.md [Keras, chargement]", cellules=cellules,
                      resultats={"n": "len(x_train_complet)", "n_test": "len(x_test)"},
                      frameworks=sorted(frameworks_importes(cellules)))
    rapport = serveurs.executer(demande, "rapide", tmp_path, enregistrer=False, delai=300)
    assert rapport["echec"] is None, rapport["echec"]
    # Le code exécuté est celui de la page, sans retouche…
    assert cellules == code_du_chemin(PAGE, "Keras")[:fin + 1]
    # … et les données viennent des échantillons livrés.
    assert rapport["resultats"] == {"n": TAILLES["entrainement"], "n_test": TAILLES["test"]}
    assert rapport["donnees"] == [{"jeu": "mnist", "chargeur": "keras", "fichier": "mnist.npz",
                                   "exemples": TAILLES["entrainement"] + TAILLES["test"]}]
