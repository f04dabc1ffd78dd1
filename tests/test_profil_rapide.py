"""Le profil rapide sert les échantillons et ne change rien d'autre à la page."""

from __future__ import annotations

import keras
import sklearn.datasets
import torchvision

from dlcourse.donnees import substitution as donnees
from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS, TAILLES
from dlcourse.machinerie.execution import Demande, executer_dans_un_processus
from dlcourse.machinerie.pages import DOSSIER_DOCS, code_du_chemin

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-mlp.md"


def test_seules_les_fonctions_de_telechargement_sont_remplacees():
    from keras.src.datasets import fashion_mnist, mnist
    from sklearn.datasets import _california_housing
    from torchvision.datasets import mnist as tv_mnist

    # Les chargeurs appelés par les pages sont ceux des bibliothèques…
    assert keras.datasets.mnist.load_data.__module__ == "keras.src.datasets.mnist"
    assert torchvision.datasets.MNIST.__module__ == "torchvision.datasets.mnist"
    assert sklearn.datasets.fetch_california_housing.__module__.startswith("sklearn.")
    # … et seule la fonction qui télécharge est remplacée.
    for module, nom in ((mnist, "get_file"), (fashion_mnist, "get_file"),
                        (tv_mnist, "download_and_extract_archive"),
                        (_california_housing, "_fetch_remote")):
        assert getattr(module, nom).__module__ == "dlcourse.donnees.substitution", (module, nom)
    assert donnees._ACTIVE is not None and donnees._ACTIVE.dossier == DOSSIER_ECHANTILLONS


def test_une_execution_rapide_lit_les_echantillons(tmp_path):
    code = code_du_chemin(PAGE, "Keras")
    rapport = executer_dans_un_processus(Demande(code, [], {"n": "len(x_train_complet)"}),
                                         "rapide", tmp_path)
    # Le code exécuté est celui de la page, sans retouche…
    assert code == code_du_chemin(PAGE, "Keras")
    assert any("keras.datasets.mnist.load_data()" in bloc for bloc in code)
    # … et les données viennent des échantillons livrés.
    assert rapport["resultats"]["n"] == TAILLES["entrainement"]
    assert rapport["donnees"] == [{"jeu": "mnist", "chargeur": "keras", "fichier": "mnist.npz",
                                   "exemples": TAILLES["entrainement"] + TAILLES["test"]}]
