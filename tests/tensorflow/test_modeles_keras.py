"""Le chapitre « Créer des modèles avec Keras ».

Page : docs/tensorflow/modeles-keras.md. Le code de la page s'exécute une fois
(profil rapide). Le résumé recopié dans la page (un bloc ``text``, que Sybil
n'exécute pas) doit rester celui que ``model.summary()`` y a imprimé ; les
écritures du modèle de la page (Sequential par liste et par ``.add()``, API
fonctionnelle, sous-classe) sont le même réseau : même nombre de paramètres,
recompté ici, et, avec les mêmes poids, les mêmes probabilités (``RELEVES``).
"""

from __future__ import annotations

import re

import numpy as np

from dlcourse.machinerie.pages import DOSSIER_DOCS, blocs, lire_page

PAGE = DOSSIER_DOCS / "tensorflow" / "modeles-keras.md"
MODELES = ["model", "model_add", "model_fonctionnel", "model_classe"]
TAILLES = [28 * 28, 300, 100, 10]
N_PARAMETRES = sum(n_e * n_s + n_s for n_e, n_s in zip(TAILLES, TAILLES[1:], strict=False))

# Les expressions évaluées à la fin du chemin (lu par ast.literal_eval : un littéral).
# Chaque écriture reçoit les mêmes poids (tirés au hasard, graine 0) et classe les
# mêmes quatre images (graine 1) ; ces relevés modifient les modèles de la page.
RELEVES = {
    "commun": {
        "n_parametres": "[m.count_params() for m in "
                        "(model, model_add, model_fonctionnel, model_classe)]",
        "probabilites": "[(lambda g: (m.set_weights([g.normal(scale=0.05, size=w.shape)"
                        ".astype('float32') for w in m.get_weights()]), np.asarray(m("
                        "np.random.default_rng(1).random((4, 28, 28), dtype=np.float32))))[1])"
                        "(np.random.default_rng(0)) for m in "
                        "(model, model_add, model_fonctionnel, model_classe)]",
    },
}


def test_les_releves_suivent_les_modeles():
    for expression in RELEVES["commun"].values():
        assert f"({', '.join(MODELES)})" in expression


def _normaliser(s: str) -> list[str]:
    # La largeur des cadres dépend du terminal : on compare le texte seul.
    sans_cadre = re.sub(r"[\u2500-\u257f]", " ", s)
    return [re.sub(r"\s+", " ", ligne).strip() for ligne in sans_cadre.splitlines()
            if ligne.strip()]


def test_le_resume_affiche_est_celui_de_keras(rapport):
    texte, _ = lire_page(PAGE)
    affiche = next(b.code for b in blocs(texte) if b.langage == "text" and "Total params" in b.code)
    imprimes = [s for s in rapport()["sorties"].values() if "Total params" in s]
    assert len(imprimes) == 1, "un seul bloc de la page imprime le résumé"
    assert _normaliser(affiche) == _normaliser(imprimes[0])
    assert f"Total params: {N_PARAMETRES:,} " in affiche


def test_les_ecritures_ont_le_nombre_de_parametres_de_l_architecture(rapport):
    assert rapport()["releves"]["n_parametres"] == [N_PARAMETRES] * len(MODELES)


def test_memes_poids_memes_probabilites(rapport):
    probabilites = [np.array(p) for p in rapport()["releves"]["probabilites"]]
    assert [p.shape for p in probabilites] == [(4, 10)] * len(MODELES)
    np.testing.assert_allclose(probabilites[0].sum(axis=1), 1, rtol=1e-5)
    assert probabilites[0].std(axis=1).min() > 1e-4, "des probabilités qui dépendent des poids"
    for nom, p in zip(MODELES[1:], probabilites[1:], strict=True):
        np.testing.assert_allclose(p, probabilites[0], rtol=1e-6, err_msg=nom)

