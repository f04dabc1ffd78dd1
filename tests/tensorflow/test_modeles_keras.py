"""Le chapitre « Créer des modèles avec Keras ».

Page : docs/tensorflow/modeles-keras.md. Le résumé imprimé dans la page (un
bloc ``text``, que Sybil n'exécute pas) doit rester celui que Keras affiche ;
les trois écritures du modèle (Sequential, API fonctionnelle, sous-classe) sont
le même réseau.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS, blocs, lire_page

PAGE = DOSSIER_DOCS / "tensorflow" / "modeles-keras.md"


@pytest.fixture(scope="module")
def code_de_la_page():
    texte, _ = lire_page(PAGE)
    return texte, blocs(texte)


def _modele_de_la_page(code_de_la_page):
    texte, liste = code_de_la_page
    espace: dict = {}
    premier = next(b for b in liste if b.langage == "python" and "mlp_300_100" in b.code)
    exec(compile(premier.code, "<page>", "exec"), espace)
    return espace["model"]


def test_le_resume_affiche_est_celui_de_keras(code_de_la_page):
    texte, liste = code_de_la_page
    model = _modele_de_la_page(code_de_la_page)
    lignes: list[str] = []
    model.summary(print_fn=lambda ligne, **_: lignes.append(ligne))
    obtenu = "\n".join(lignes)
    affiche = next(b.code for b in liste if b.langage == "text" and "Total params" in b.code)

    def normaliser(s: str) -> list[str]:
        # La largeur des cadres dépend du terminal : on compare le texte seul.
        sans_cadre = re.sub(r"[\u2500-\u257f]", " ", s)
        return [re.sub(r"\s+", " ", ligne).strip() for ligne in sans_cadre.splitlines()
                if ligne.strip()]

    assert normaliser(affiche) == normaliser(obtenu)


def test_trois_ecritures_un_meme_reseau():
    import keras
    from keras import layers

    sequentiel = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(),
                                   layers.Dense(300, activation="relu"),
                                   layers.Dense(100, activation="relu"),
                                   layers.Dense(10, activation="softmax")])
    entrees = keras.Input(shape=(28, 28))
    x = layers.Flatten()(entrees)
    for n in (300, 100):
        x = layers.Dense(n, activation="relu")(x)
    fonctionnel = keras.Model(entrees, layers.Dense(10, activation="softmax")(x))
    fonctionnel.set_weights(sequentiel.get_weights())
    images = np.random.default_rng(0).random((4, 28, 28), dtype=np.float32)
    np.testing.assert_allclose(sequentiel(images), fonctionnel(images), rtol=1e-6)
    assert sequentiel.count_params() == fonctionnel.count_params() == 266_610
