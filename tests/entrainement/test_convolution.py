"""Le chapitre « Les réseaux convolutifs ».

Page : docs/entrainement/convolution.md ; extraits : snippets/entrainement/convolution/.
Le code de la page s'exécute une fois par onglet (profil rapide) ; ce test en
relève les valeurs (``RELEVES``) et les recalcule **autrement** : la
corrélation croisée avec SciPy, la taille de sortie en comptant les positions
du filtre, le nombre de paramètres avec des couches neuves des deux
frameworks, le champ récepteur en perturbant chaque pixel d'une pile NumPy.
L'exécution complète tient le budget du chapitre (deux minutes par onglet
environ, à peu près le même coût pour les deux).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import correlate2d

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "entrainement" / "convolution.md"
ONGLETS = ["Keras", "PyTorch"]

CAS_TAILLES = [(28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (26, 2, 2, 0), (28, 5, 2, 0),
               (32, 5, 3, 2), (7, 7, 1, 0), (9, 2, 3, 1), (13, 4, 2, 3)]
"""(n, k, s, p) : les cas de ``RELEVES`` où la page calcule ``taille_sortie``."""
CAS_PARAMETRES = [(3, 1, 32), (3, 32, 64), (5, 3, 6), (1, 64, 16), (7, 3, 64)]
"""(k, canaux d'entrée, filtres) : les cas où la page calcule ``parametres_conv``."""

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un
# littéral, sans variable) ; les mêmes pour les deux onglets, sauf le compte du modèle.
RELEVES = {
    "Keras": {
        "image": "image.ravel().tolist()",
        "bord_vertical": "bord_vertical.ravel().tolist()",
        "carte_verticale": "carte_verticale.ravel().tolist()",
        "carte_horizontale": "carte_horizontale.ravel().tolist()",
        "pooling": "max_pooling(carte_verticale).ravel().tolist()",
        "tailles": "[taille_sortie(n, k, s, p) for n, k, s, p in "
                   "[(28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (26, 2, 2, 0), (28, 5, 2, 0), "
                   "(32, 5, 3, 2), (7, 7, 1, 0), (9, 2, 3, 1), (13, 4, 2, 3)]]",
        "parametres": "[parametres_conv(k, c, f) for k, c, f in "
                      "[(3, 1, 32), (3, 32, 64), (5, 3, 6), (1, 64, 16), (7, 3, 64)]]",
        "empilement": "[x for couche in empilement for x in couche]",
        "champs": "[champ_recepteur(empilement[:n]) for n in range(1, len(empilement) + 1)]",
        "champ": "champ",
        "n_dense": "n_dense",
        "n_conv": "n_conv",
        "n_parametres": "model.count_params()",
    },
    "PyTorch": {
        "image": "image.ravel().tolist()",
        "bord_vertical": "bord_vertical.ravel().tolist()",
        "carte_verticale": "carte_verticale.ravel().tolist()",
        "carte_horizontale": "carte_horizontale.ravel().tolist()",
        "pooling": "max_pooling(carte_verticale).ravel().tolist()",
        "tailles": "[taille_sortie(n, k, s, p) for n, k, s, p in "
                   "[(28, 3, 1, 0), (28, 3, 1, 1), (28, 3, 2, 1), (26, 2, 2, 0), (28, 5, 2, 0), "
                   "(32, 5, 3, 2), (7, 7, 1, 0), (9, 2, 3, 1), (13, 4, 2, 3)]]",
        "parametres": "[parametres_conv(k, c, f) for k, c, f in "
                      "[(3, 1, 32), (3, 32, 64), (5, 3, 6), (1, 64, 16), (7, 3, 64)]]",
        "empilement": "[x for couche in empilement for x in couche]",
        "champs": "[champ_recepteur(empilement[:n]) for n in range(1, len(empilement) + 1)]",
        "champ": "champ",
        "n_dense": "n_dense",
        "n_conv": "n_conv",
        "n_parametres": "sum(p.numel() for p in model.parameters())",
    },
}


def test_les_releves_suivent_les_cas():
    for onglet in ONGLETS:
        assert repr(CAS_TAILLES)[1:-1] in RELEVES[onglet]["tailles"]
        assert repr(CAS_PARAMETRES)[1:-1] in RELEVES[onglet]["parametres"]


@pytest.fixture(params=ONGLETS)
def releves(request, rapport):
    return rapport(request.param)["releves"]


def test_la_correlation_a_la_main_est_celle_de_scipy(releves):
    image = np.array(releves["image"], dtype=np.float32).reshape(28, 28)
    bord = np.array(releves["bord_vertical"], dtype=np.float32).reshape(3, 3)
    assert not np.allclose(bord, bord.T), "deux filtres différents (vertical et horizontal)"
    for nom, filtre in [("carte_verticale", bord), ("carte_horizontale", bord.T)]:
        attendue = correlate2d(image, filtre, mode="valid")  # sans retournement du filtre
        np.testing.assert_allclose(np.reshape(releves[nom], (26, 26)), attendue, atol=1e-4)
    # Une vraie convolution (filtre retourné) ne donnerait pas la même carte.
    assert not np.allclose(np.reshape(releves["carte_verticale"], (26, 26)),
                           correlate2d(image, bord[::-1, ::-1], mode="valid"))


def test_le_max_pooling_a_la_main(releves):
    carte = np.reshape(releves["carte_verticale"], (26, 26))
    attendu = sliding_window_view(carte, (2, 2))[::2, ::2].max(axis=(2, 3))
    np.testing.assert_allclose(np.reshape(releves["pooling"], (13, 13)), attendu)


def test_la_formule_de_taille_compte_les_positions_du_filtre(releves):
    for (n, k, s, p), calcule in zip(CAS_TAILLES, releves["tailles"], strict=True):
        positions = len(range(0, n + 2 * p - k + 1, s))  # débuts possibles du filtre, un sur s
        assert calcule == positions, (n, k, s, p)
    assert releves["tailles"][:4] == [26, 28, 14, 13], "28 → 26 → 13 comme l'annonce la page"


def test_la_formule_des_parametres_contre_des_couches_neuves(releves):
    import torch
    from keras import layers

    for (k, c, f), calcule in zip(CAS_PARAMETRES, releves["parametres"], strict=True):
        couche = layers.Conv2D(f, k)
        couche.build((None, 16, 16, c))
        assert calcule == couche.count_params(), (k, c, f)
        assert calcule == sum(p.numel() for p in torch.nn.Conv2d(c, f, k).parameters()), (k, c, f)


def _champ_par_perturbation(empilement: list[tuple[int, int]], n: int = 28) -> int:
    """Côté de la zone de pixels qui change un neurone central (pile linéaire, poids positifs)."""
    def propager(x: np.ndarray) -> np.ndarray:
        for k, s in empilement:
            if s == 1:
                x = correlate2d(x, np.ones((k, k)), mode="valid")
            else:  # moyenne de fenêtres k × k de pas s
                x = sliding_window_view(x, (k, k))[::s, ::s].mean(axis=(2, 3))
        return x

    base = propager(np.zeros((n, n)))
    centre = tuple(d // 2 for d in base.shape)
    touches = []
    for i, j in itertools.product(range(n), range(n)):
        impulsion = np.zeros((n, n))
        impulsion[i, j] = 1.0
        if propager(impulsion)[centre] != base[centre]:
            touches.append((i, j))
    lignes, colonnes = zip(*touches, strict=True)
    assert max(lignes) - min(lignes) == max(colonnes) - min(colonnes)
    return max(lignes) - min(lignes) + 1


def test_le_champ_recepteur_par_perturbation(releves):
    plat = releves["empilement"]
    empilement = list(zip(plat[::2], plat[1::2], strict=True))
    attendus = [_champ_par_perturbation(empilement[:n]) for n in range(1, len(empilement) + 1)]
    assert releves["champs"] == attendus
    assert releves["champ"] == attendus[-1], "le gradient du framework voit le même champ"


def test_dense_contre_convolution(releves):
    sorties = 26 * 26 * 32  # Conv2D(32, 3) sur 28 × 28, sans remplissage
    assert releves["n_dense"] == 28 * 28 * sorties + sorties
    assert releves["n_conv"] == releves["parametres"][0] == 320
    assert releves["n_dense"] / releves["n_conv"] > 50_000, "« un rapport de plus de 50 000 »"


def test_le_petit_cnn(releves):
    # conv 8 × 5 × 5, pooling, conv 16 × 3 × 3, pooling, dense 400 → 10
    assert releves["n_parametres"] == (25 + 1) * 8 + (9 * 8 + 1) * 16 + 400 * 10 + 10


def test_les_autres_pages_renvoient_au_chapitre():
    assert "(convolution.md)" in (DOSSIER_DOCS / "entrainement" / "mnist-cnn.md").read_text(
        encoding="utf-8")
    for source in ("cnn-mnist-keras.py", "cnn-mnist-pytorch.py"):
        texte = (RACINE / "snippets" / "tp" / source).read_text(encoding="utf-8")
        assert "entrainement/convolution" in texte, source


@pytest.mark.parametrize("onglet", ONGLETS)
def test_execution_complete(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["n_entrainement"] == 60_000
    assert resultats["epoques"] == 2
    assert resultats["exactitude_test"] >= 0.95
    assert resultats["champ"] == 10
    assert {d["jeu"] for d in rapport["donnees"]} == {"mnist"}


def test_budget_de_l_execution_complete():
    """Environ deux minutes par onglet, et un coût semblable pour les deux.

    La construction complète exécute deux cibles à la fois, un fil de calcul
    chacune : le temps processeur du code de la page est la mesure qui ne
    dépend pas de ce qui tourne à côté.
    """
    durees = {onglet: lire_resultats(PAGE)[onglet]["duree_cpu_s"] for onglet in ONGLETS}
    assert max(durees.values()) <= 150, durees
    # L'écart entre les onglets est inhérent (convolutions de TensorFlow plus lentes ici) :
    # exception nommée et expliquée dans tests/test_cout_des_jumeaux.py.
    assert max(durees.values()) <= 2.5 * min(durees.values()), durees
