"""Le chapitre « Classifier MNIST avec un réseau convolutif ».

Page : docs/entrainement/mnist-cnn.md ; extraits : snippets/entrainement/mnist-cnn/.
Le code de la page s'exécute une fois par onglet (profil rapide) ; ce test en
relève (``RELEVES``) le modèle, les jeux et l'historique. Le nombre de
paramètres est recompté ici, couche par couche, à partir de l'architecture que
décrit la page, et comparé à celui que calculent les deux frameworks et à
celui qu'écrit la prose. Les résultats de la dernière exécution complète
tiennent la promesse du chapitre : au moins 99 % sur le test.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "entrainement" / "mnist-cnn.md"


def _parametres_du_cnn() -> tuple[list[int], int]:
    """(paramètres de chaque convolution, total) du réseau de la page, recomptés couche par couche.

    Deux convolutions 3 × 3 sans remplissage (16 puis 64 filtres), chacune suivie
    d'un max pooling 2 × 2 (division entière), puis Dense(128) et Dense(10).
    """
    cote, canaux, convolutions = 28, 1, []
    for filtres in (16, 64):
        convolutions.append((3 * 3 * canaux + 1) * filtres)  # un noyau 3 × 3 × canaux, un biais
        cote, canaux = (cote - 3 + 1) // 2, filtres
    total, entrees = sum(convolutions), cote * cote * canaux
    for sorties in (128, 10):
        total += entrees * sorties + sorties
        entrees = sorties
    return convolutions, total


N_CONVOLUTIONS, N_PARAMETRES = _parametres_du_cnn()

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "Keras": {
        "n_parametres": "model.count_params()",
        "forme_image": "list(x_train.shape[1:])",
        "tailles": "[len(x_train), len(x_val), len(x_test)]",
        "epoques": "len(history.history['loss'])",
        "taux": "[float(taux(0)), float(model.optimizer.learning_rate), "
                "int(model.optimizer.iterations), pas]",
        "exactitude_test": "float(test_acc)",
        "chiffre_predit": "chiffre_predit",
        "choix_erreurs": "[len(choix), len(erreurs)]",
        "formes": "[list(w.shape) for w in model.get_weights()]",
    },
    "PyTorch": {
        "n_parametres": "sum(p.numel() for p in model.parameters())",
        "forme_image": "list(train_set[0][0].shape)",
        "tailles": "[len(train_set), len(val_set), len(test_set)]",
        "epoques": "len(historique['loss'])",
        "taux": "[ordonnanceur.base_lrs[0], optimiseur.param_groups[0]['lr'], "
                "ordonnanceur.last_epoch, ordonnanceur.T_max]",
        "exactitude_test": "float(test_acc)",
        "chiffre_predit": "chiffre_predit",
        "choix_erreurs": "[len(choix), len(erreurs)]",
        "en_entrainement": "model.training",
        "formes": "[list(p.shape) for p in model.parameters()]",
        # ReLU après le pooling : les couches de la page, puis l'ordre habituel
        # (ReLU avant le pooling), sur les mêmes images ; le plus grand écart.
        "relu_apres_pooling": "[type(c).__name__ for c in model.couches[:6]]",
        # couches : 0 conv, 1 pooling, 2 ReLU, 3 conv, 4 pooling, 5 ReLU.
        "ecart_ordre_habituel": (
            "float((model.couches[:6](x := x_test[:50].to(appareil)) - model.couches[4]("
            "model.couches[3](model.couches[1](model.couches[0](x).relu())).relu()))"
            ".abs().max())"),
        "canaux_en_dernier": "[p.is_contiguous(memory_format=torch.channels_last) "
                             "for p in model.parameters() if p.dim() == 4]",
    },
}


def test_la_prose_ecrit_le_compte_de_l_architecture():
    texte = PAGE.read_text(encoding="utf-8")
    assert f"= {N_PARAMETRES:,}.".replace(",", "\\,") in texte
    somme = " + ".join(f"{n:,}".replace(",", "\\,") for n in N_CONVOLUTIONS)
    assert f"n'ont que ${somme}$" in " ".join(texte.split())


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_le_chemin_rapide(rapport, onglet):
    r = rapport(onglet)["releves"]
    assert r["n_parametres"] == N_PARAMETRES
    assert r["tailles"] == [1800, 200, 500]
    assert r["epoques"] == 5
    # Le taux part de 2e-3 et finit à 0 après un pas par lot : un lot de moins, et le
    # programme ne serait pas allé au bout ; le même dans les deux onglets.
    depart, final, pas_faits, pas_prevus = r["taux"]
    assert depart == pytest.approx(2e-3)
    assert final == pytest.approx(0.0, abs=1e-9)
    assert pas_faits == pas_prevus == 5 * -(-1800 // 64)
    assert r["exactitude_test"] > 0.8
    assert 0 <= r["chiffre_predit"] <= 9
    n_choix, n_erreurs = r["choix_erreurs"]
    assert n_choix == 10 + min(20, n_erreurs)


def test_keras_un_axe_de_canal_en_dernier(rapport):
    assert rapport("Keras")["releves"]["forme_image"] == [28, 28, 1], (
        "une convolution veut un axe de canal")


def test_pytorch_canal_en_premier_et_mode_eval(rapport):
    r = rapport("PyTorch")["releves"]
    assert r["forme_image"] == [1, 28, 28]
    assert r["en_entrainement"] is False, "le modèle doit être en mode eval() pour prédire"


def test_pytorch_relu_apres_le_pooling_calcule_la_meme_chose(rapport):
    """La page dit que ReLU après le pooling ne change rien au résultat : on le vérifie
    sur le modèle entraîné, contre l'ordre habituel (ReLU, puis pooling)."""
    r = rapport("PyTorch")["releves"]
    assert r["relu_apres_pooling"] == ["Conv2d", "MaxPool2d", "ReLU"] * 2
    assert r["ecart_ordre_habituel"] == 0.0


def test_pytorch_les_noyaux_rangent_les_canaux_en_dernier(rapport):
    assert rapport("PyTorch")["releves"]["canaux_en_dernier"] == [True, True], (
        "la page range les noyaux des convolutions en channels_last")


def test_les_deux_onglets_ont_la_meme_architecture(rapport):
    formes_keras = rapport("Keras")["releves"]["formes"]
    formes_torch = rapport("PyTorch")["releves"]["formes"]
    # Noyaux : Keras (h, l, entrées, sorties), PyTorch (sorties, entrées, h, l) ;
    # couches denses : Keras (entrées, sorties), PyTorch (sorties, entrées).
    convertis = [[f[2], f[3], f[1], f[0]] if len(f) == 4 else f[::-1] for f in formes_torch]
    assert formes_keras == convertis


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_execution_complete_depasse_99_pourcent(onglet):
    rapport = lire_resultats(PAGE)[onglet]
    assert rapport["profil"] == "complet"
    resultats = rapport["resultats"]
    assert resultats["exactitude_test"] >= 0.99
    assert resultats["n_parametres"] == N_PARAMETRES
    assert (resultats["n_entrainement"], resultats["n_validation"], resultats["n_test"]) == (
        54000, 6000, 10000)
    assert resultats["n_erreurs"] == round((1 - resultats["exactitude_test"]) * 10000)
