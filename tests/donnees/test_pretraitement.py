"""Le chapitre « Collecter et prétraiter les données ».

Page : docs/donnees/pretraitement.md. Ce que la page affirme :

- lire ses propres données (section 1) : le fichier CSV qu'elle écrit se relit
  à l'identique, en format anglais comme « à la française » ; le dossier
  d'images qu'elle écrit se relit avec le bon nombre d'images par classe, en
  Keras comme en PyTorch ; chaque erreur (fichier introuvable, colonne
  absente, image d'une autre taille) donne un message en français qui nomme
  la cause, et la page le montre ;
- la standardisation et les pertes, vérifiées sur d'autres données : les
  entropies croisées de Keras et de PyTorch s'accordent, avec des étiquettes
  entières comme avec des one-hot.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "donnees" / "pretraitement.md"
ONGLETS = ["Keras", "PyTorch"]

# Les expressions évaluées à la fin de chaque chemin (lu par ast.literal_eval : un littéral,
# donc les relevés communs aux deux onglets sont écrits deux fois).
RELEVES = {
    "Keras": {
        "formes_csv": "[list(X_csv.shape), list(y_csv.shape), list(X.shape)]",
        "csv_identique": "bool(np.array_equal(X_csv, X) and np.array_equal(y_csv, y))",
        "sur_le_disque": "{d.name: len(list(d.glob('*.png'))) "
                         "for d in sorted(Path('chiffres').iterdir())}",
        "mnist_par_classe": "[int((y_train_complet == c).sum()) for c in (0, 1, 2)]",
        "classes": "images.class_names",
        "par_classe": "[int(n) for n in compte]",
        "lus_avec_l_intruse": "len(images.file_paths)",
    },
    "PyTorch": {
        "formes_csv": "[list(X_csv.shape), list(y_csv.shape), list(X.shape)]",
        "csv_identique": "bool(np.array_equal(X_csv, X) and np.array_equal(y_csv, y))",
        "sur_le_disque": "{d.name: len(list(d.glob('*.png'))) "
                         "for d in sorted(Path('chiffres').iterdir())}",
        "mnist_par_classe": "[int((y_train_complet == c).sum()) for c in (0, 1, 2)]",
        "classes": "images.classes",
        "par_classe": "compte.tolist()",
        "lus_avec_l_intruse": "len(images)",
    },
}


@pytest.fixture(params=ONGLETS)
def execution(request, rapport):
    return request.param, rapport(request.param)


def _sorties(rapport) -> str:
    return "\n".join(rapport["sorties"].values())


def test_le_csv_se_relit_a_l_identique(execution):
    _, rapport = execution
    releves = rapport["releves"]
    (n, d), (n_y,), (n_x, d_x) = releves["formes_csv"]
    assert (n, d) == (n_x, d_x) and n_y == n and d == 8
    assert releves["csv_identique"] is True
    sorties = _sorties(rapport)
    # le fichier « à la française » relu avec sep=';' et decimal=',' donne le même tableau
    assert f"avec sep=';' et decimal=',' : ({n}, 9) True" in sorties


def test_les_erreurs_du_csv_ont_un_message_clair(execution):
    sorties = _sorties(execution[1])
    assert ("Erreur : fichier introuvable : logement.csv. Fichiers CSV de ce dossier : "
            "logements.csv.") in sorties
    assert "logements_fr.csv : colonne(s) absente(s) : MedInc, HouseAge" in sorties
    assert "Colonnes du fichier : MedInc;HouseAge;AveRooms" in sorties
    assert "Le séparateur semble être « ; » : lisez-le avec sep=';'." in sorties


def test_le_dossier_d_images_se_relit(execution):
    onglet, rapport = execution
    releves = rapport["releves"]
    # chaque classe a bien ses dix images (MNIST en a plus de dix de chaque)
    assert min(releves["mnist_par_classe"]) > 10
    # à la fin, l'intruse est retirée : dix images par classe sur le disque
    assert releves["sur_le_disque"] == {"0": 10, "1": 10, "2": 10}
    assert releves["classes"] == ["0", "1", "2"]
    assert releves["par_classe"] == list(releves["sur_le_disque"].values())
    # l'image de 56 × 56 est lue avec les autres : 31 images
    assert releves["lus_avec_l_intruse"] == 31
    sorties = _sorties(rapport)
    assert "images écrites par classe : {'0': 10, '1': 10, '2': 10}" in sorties
    if onglet == "Keras":
        assert "Found 30 files belonging to 3 classes." in sorties
        assert "Found 31 files belonging to 3 classes." in sorties  # redimensionnée en silence
        assert "images lues : 31 ; forme d'un lot : (8, 28, 28, 1)" in sorties
    else:
        assert "Erreur de PyTorch : stack expects each tensor to be equal size" in sorties
        assert "[1, 56, 56]" in sorties


def test_une_image_d_une_autre_taille_est_nommee(execution):
    sorties = _sorties(execution[1])
    assert ("Erreur : taille attendue : 28 × 28 ; image(s) d'une autre taille : "
            "chiffres/2/grande.png (56 × 56).") in sorties
    assert "chiffres : toutes les images font 28 × 28 pixels" in sorties


def test_standardiser_sur_l_entrainement_seul():
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[10.0, -3.0, 1000.0], scale=[2.0, 0.5, 300.0], size=(500, 3))
    X_train, X_test = train_test_split(X, test_size=0.2, random_state=0)
    scaler = StandardScaler().fit(X_train)
    np.testing.assert_allclose(scaler.mean_, X_train.mean(axis=0))
    np.testing.assert_allclose(scaler.scale_, X_train.std(axis=0))  # écart type de population
    assert np.allclose(scaler.transform(X_train).mean(axis=0), 0)
    assert not np.allclose(scaler.transform(X_test).mean(axis=0), 0)
    fuite = StandardScaler().fit(X)
    assert not np.allclose(fuite.mean_, scaler.mean_), "ajuster sur tout change μ"


@pytest.mark.parametrize("graine", [0, 1, 2])
def test_les_entropies_croisees_s_accordent(graine):
    import keras
    import torch
    from torch import nn
    from torch.nn import functional as F

    rng = np.random.default_rng(graine)
    logits = rng.normal(size=(16, 5)).astype(np.float32)
    etiquettes = rng.integers(0, 5, size=16)
    probas = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = keras.utils.to_categorical(etiquettes, 5)
    entiere = float(keras.losses.SparseCategoricalCrossentropy()(etiquettes, probas))
    categorielle = float(keras.losses.CategoricalCrossentropy()(one_hot, probas))
    depuis_logits = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        etiquettes, logits))
    perte = nn.CrossEntropyLoss()
    torch_entiere = perte(torch.from_numpy(logits), torch.from_numpy(etiquettes)).item()
    torch_one_hot = perte(torch.from_numpy(logits),
                          F.one_hot(torch.from_numpy(etiquettes), 5).float()).item()
    valeurs = [entiere, categorielle, depuis_logits, torch_entiere, torch_one_hot]
    assert max(valeurs) - min(valeurs) < 1e-5, valeurs
    assert (one_hot.argmax(axis=1) == etiquettes).all()
