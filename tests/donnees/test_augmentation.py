"""Le chapitre « Augmenter les données ».

Page : docs/donnees/augmentation.md. L'augmentation Keras n'agit qu'en
entraînement ; les réglages des deux onglets sont les mêmes ; l'exécution
complète a vu tout Fashion-MNIST et a produit ses figures.
"""

from __future__ import annotations

import numpy as np

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, lire_page

PAGE = DOSSIER_DOCS / "donnees" / "augmentation.md"


def test_les_couches_aleatoires_de_keras_sont_inertes_hors_entrainement():
    import keras
    from keras import layers

    augmentation = keras.Sequential([layers.RandomFlip("horizontal"),
                                     layers.RandomRotation(0.05, fill_mode="constant"),
                                     layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
                                     layers.RandomZoom(0.1, fill_mode="constant")])
    images = np.random.default_rng(0).random((4, 28, 28, 1), dtype=np.float32)
    assert np.allclose(augmentation(images, training=False), images)
    assert not np.allclose(augmentation(images, training=True), images)
    assert augmentation.count_params() == 0


def test_memes_reglages_dans_les_deux_onglets():
    texte, _ = lire_page(PAGE)
    # 0,05 tour = 18° ; translation et zoom de 10 % des deux côtés.
    assert "layers.RandomRotation(0.05" in texte and "degrees=18" in texte
    assert "RandomTranslation(0.1, 0.1" in texte and "translate=(0.1, 0.1)" in texte
    assert "RandomZoom(0.1" in texte and "scale=(0.9, 1.1)" in texte


def test_execution_complete():
    executions = lire_resultats(PAGE)
    for onglet in ("Keras", "PyTorch"):
        rapport = executions[onglet]
        assert rapport["profil"] == "complet"
        assert rapport["resultats"]["n_images"] == 60_000
        assert [c["jeu"] for c in rapport["donnees"]] and all(
            c["jeu"] == "fashion-mnist" for c in rapport["donnees"])
