# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   dlcourse:
#     resultats:
#       n_parametres: n_parametres
#       exactitude_test: exactitude_test
#       exactitude_validation: historique["val_accuracy"][-1]
#       epoques: len(historique["loss"])
#       perte_mi: historique["loss"][3]
#       perte_finale: historique["loss"][-1]
#       perte_val_mi: historique["val_loss"][3]
#       perte_val_finale: historique["val_loss"][-1]
#       ecart_mi: historique["val_loss"][3] - historique["loss"][3]
#       ecart_final: historique["val_loss"][-1] - historique["loss"][-1]
#       epoque_perte_min: historique["loss"].index(min(historique["loss"])) + 1
#       n_entrainement: len(x_train)
#       n_test: len(x_test)
#       confusion_vraie: noms_classes[confusions[0][1]]
#       confusion_predite: noms_classes[confusions[0][2]]
#       confusion_nombre: confusions[0][0]
# ---

# %% [markdown]
# # TP — Le même CNN sur Fashion-MNIST (PyTorch)
#
# Le carnet précédent a construit et entraîné un premier réseau convolutif sur
# MNIST. Étendons-le à un autre jeu de données : **Fashion-MNIST**, publié par
# Zalando comme remplaçant plus difficile de MNIST. Il a exactement le même format
# — 60 000 images d'entraînement et 10 000 de test, en niveaux de gris, de 28×28
# pixels, réparties en 10 classes — mais ses images sont des **vêtements et des
# accessoires**. Le même code doit donc fonctionner sans autre changement que le
# chargeur et les noms des classes ; la question est de savoir si le même réseau
# fait aussi bien.
#
# Comme dans le carnet précédent, chaque question est suivie de sa **solution,
# repliée**.

# %% [markdown]
# ## 1. Chargement et mise en place des données
#
# **Question 1.** Importez les bibliothèques, puis chargez Fashion-MNIST avec
# `torchvision.datasets.FashionMNIST` dans `x_train, y_train, x_test, y_test`.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import torch
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets

torch.manual_seed(0)

entrainement = datasets.FashionMNIST("data", train=True, download=True)
test = datasets.FashionMNIST("data", train=False, download=True)
x_train, y_train = entrainement.data, entrainement.targets
x_test, y_test = test.data, test.targets
print("entraînement :", tuple(x_train.shape), tuple(y_train.shape))
print("test :        ", tuple(x_test.shape), tuple(y_test.shape))

# %% [markdown]
# Les classes sont numérotées de 0 à 9 ; voici leurs noms en français et 25 images
# du jeu d'entraînement.

# %%
noms_classes = ["T-shirt/haut", "pantalon", "pull", "robe", "manteau",
                "sandale", "chemise", "basket", "sac", "bottine"]

plt.figure(figsize=(6.4, 6.4))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(x_train[i], cmap="binary")
    plt.xlabel(noms_classes[y_train[i]])
plt.show()

# %% [markdown]
# **Question 2.** Faites de même avec les 25 premières images du jeu de test.

# %% tags=["solution"]
plt.figure(figsize=(6.4, 6.4))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(x_test[i], cmap="binary")
    plt.xlabel(noms_classes[y_test[i]])
plt.show()

# %% [markdown]
# Même mise en forme que pour MNIST : un axe des canaux (en premier avec PyTorch),
# des pixels dans [0, 1].

# %%
x_train = x_train.unsqueeze(1).float() / 255
x_test = x_test.unsqueeze(1).float() / 255

# %% [markdown]
# ## 2. Le modèle
#
# Nous reprenons exactement l'architecture du carnet MNIST : une convolution de 32
# filtres 3×3, un *max pooling* 2×2 suivi de ReLU, `Flatten`, une couche cachée de
# 64 neurones et une sortie de 10 logits.

# %%
model = nn.Sequential(
    nn.Conv2d(1, 32, kernel_size=3),
    nn.MaxPool2d(2),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(32 * 13 * 13, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
print(model)

# %% [markdown]
# **Question 3.** Le nombre de paramètres change-t-il par rapport au modèle MNIST ?
# Pourquoi ?

# %% tags=["solution"]
n_parametres = sum(p.numel() for p in model.parameters())
print(f"{n_parametres:,} paramètres")
# Il ne dépend que de la taille des images (1×28×28) et du nombre de classes (10),
# identiques dans les deux jeux : le modèle est le même, seules les données changent.

# %% [markdown]
# ## 3. Entraînement
#
# **Question 4.** Écrivez l'entraînement comme pour MNIST : un dixième des images
# d'entraînement pour la validation, la perte `nn.CrossEntropyLoss` (les sorties
# sont des logits), Adam. Les vêtements sont plus difficiles à distinguer que les
# chiffres : donnez-lui 8 époques au lieu de 5.

# %% tags=["solution"]
donnees = TensorDataset(x_train, y_train)
n_validation = len(donnees) // 10
jeu_entrainement, jeu_validation = random_split(
    donnees, [len(donnees) - n_validation, n_validation],
    generator=torch.Generator().manual_seed(0),
)
lots_entrainement = DataLoader(jeu_entrainement, batch_size=64, shuffle=True)
lots_validation = DataLoader(jeu_validation, batch_size=1000)

# Le GPU s'il y en a un, sinon le CPU : le modèle y va une fois, avant de créer
# l'optimiseur ; chaque lot y est envoyé dans la boucle. channels_last range les
# canaux en dernier en mémoire, comme Keras : des convolutions plus rapides.
appareil = "cuda" if torch.cuda.is_available() else "cpu"
model.to(appareil, memory_format=torch.channels_last)

fonction_perte = nn.CrossEntropyLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=1e-3)


def evaluer(lots):
    """Perte moyenne et exactitude du modèle sur des lots, sans gradient."""
    model.eval()
    perte, justes, total = 0.0, 0, 0
    with torch.no_grad():
        for x, y in lots:
            x, y = x.to(appareil), y.to(appareil)
            logits = model(x)
            perte += fonction_perte(logits, y).item() * len(y)
            justes += (logits.argmax(dim=1) == y).sum().item()
            total += len(y)
    return perte / total, justes / total


historique = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
for epoque in range(1, 9):
    model.train()
    perte_cumulee, justes, total = 0.0, 0, 0
    for x, y in lots_entrainement:
        x, y = x.to(appareil), y.to(appareil)
        optimiseur.zero_grad()
        logits = model(x)
        perte = fonction_perte(logits, y)
        perte.backward()
        optimiseur.step()
        perte_cumulee += perte.item() * len(y)
        justes += (logits.argmax(dim=1) == y).sum().item()
        total += len(y)
    val_perte, val_exactitude = evaluer(lots_validation)
    for cle, valeur in zip(historique, (perte_cumulee / total, justes / total,
                                        val_perte, val_exactitude), strict=True):
        historique[cle].append(valeur)
    print(f"époque {epoque}/8 - perte : {perte_cumulee / total:.4f} - "
          f"exactitude : {justes / total:.4f} - val_perte : {val_perte:.4f} - "
          f"val_exactitude : {val_exactitude:.4f}")

# %% [markdown]
# ## 4. Évaluation et comparaison avec MNIST

# %%
perte_test, exactitude_test = evaluer(DataLoader(TensorDataset(x_test, y_test),
                                                 batch_size=1000))
print(f"perte sur le test : {perte_test:.4f} ; exactitude sur le test : {exactitude_test:.4f}")

# %%
epoques = range(1, len(historique["loss"]) + 1)
fig, (ax_perte, ax_exactitude) = plt.subplots(1, 2, figsize=(6.4, 3.2), layout="constrained")
ax_perte.plot(epoques, historique["loss"], "o-", label="entraînement")
ax_perte.plot(epoques, historique["val_loss"], "s--", label="validation")
ax_perte.set(title="Perte", xlabel="époque")
ax_exactitude.plot(epoques, historique["accuracy"], "o-", label="entraînement")
ax_exactitude.plot(epoques, historique["val_accuracy"], "s--", label="validation")
ax_exactitude.set(title="Exactitude", xlabel="époque")
for ax in (ax_perte, ax_exactitude):
    ax.grid(alpha=0.3)
    ax.legend()
plt.show()

# %% [markdown]
# Sur ces courbes, la perte d'entraînement baisse jusqu'au bout : de
# {{ resultat cnn-fashion-mnist-pytorch.perte_mi decimal4 }} à la quatrième époque à
# {{ resultat cnn-fashion-mnist-pytorch.perte_finale decimal4 }} à la huitième. La perte de
# validation ne suit plus : elle passe de
# {{ resultat cnn-fashion-mnist-pytorch.perte_val_mi decimal4 }} à
# {{ resultat cnn-fashion-mnist-pytorch.perte_val_finale decimal4 }}. L'écart entre les deux
# courbes se creuse, de {{ resultat cnn-fashion-mnist-pytorch.ecart_mi decimal4 }} à
# {{ resultat cnn-fashion-mnist-pytorch.ecart_final decimal4 }} : le réseau progresse sur ses images
# d'entraînement plus que sur les autres. C'est le début du surapprentissage, que
# combattent les techniques du chapitre sur la régularisation.
#
# Lors de l'exécution qui a produit ce carnet (les 60 000 images), le même réseau
# atteignait **{{ resultat cnn-mnist-pytorch.exactitude_test pourcent }}**
# d'exactitude sur le test de MNIST en 5 époques, contre
# **{{ resultat cnn-fashion-mnist-pytorch.exactitude_test pourcent }}** ici sur
# Fashion-MNIST en 8. Le jeu est nettement plus difficile : un chiffre se reconnaît à
# sa forme générale, alors qu'une chemise, un T-shirt et un pull partagent la même
# silhouette et ne se distinguent que par des détails (col, manches, boutons)
# qu'une seule couche de convolution sur des images de 28×28 pixels capte mal.
#
# ## 5. Les confusions
#
# La **matrice de confusion** compte, pour chaque classe réelle (en ligne), les
# classes prédites (en colonne) : la diagonale contient les bonnes réponses, le
# reste les erreurs.

# %%
model.eval()
with torch.no_grad():
    predictions = model(x_test.to(appareil)).argmax(dim=1).cpu()

fig, ax = plt.subplots(figsize=(6.4, 6.4))
ConfusionMatrixDisplay.from_predictions(
    y_test.numpy(), predictions.numpy(), display_labels=noms_classes, cmap="viridis",
    xticks_rotation=45, colorbar=False, ax=ax,
)
ax.set(xlabel="classe prédite", ylabel="classe réelle")
plt.show()

# %% [markdown]
# Les paires les plus confondues (classe réelle → classe prédite) :

# %%
matrice = confusion_matrix(y_test.numpy(), predictions.numpy())
confusions = sorted(((matrice[i, j], i, j) for i in range(10) for j in range(10) if i != j),
                    reverse=True)
for nombre, vraie, predite in confusions[:5]:
    print(f"{noms_classes[vraie]:>12} → {noms_classes[predite]:<12} : {nombre} images")

# %% [markdown]
# Sur l'exécution complète, la confusion la plus fréquente était : classe réelle
# « {{ resultat cnn-fashion-mnist-pytorch.confusion_vraie texte }} », classe prédite
# « {{ resultat cnn-fashion-mnist-pytorch.confusion_predite texte }} »
# ({{ resultat cnn-fashion-mnist-pytorch.confusion_nombre entier }} images). Les
# erreurs se concentrent entre les hauts (T-shirt, pull, manteau, chemise), de
# silhouettes voisines ; les pantalons et les sacs, de formes bien distinctes, sont
# presque toujours reconnus.
#
# **Question 5.** Affichez 25 images de test **mal classées**, avec la classe
# prédite et la vraie classe.

# %% tags=["solution"]
erreurs = torch.nonzero(predictions != y_test).flatten()[:25]
plt.figure(figsize=(6.4, 8))
for k, i in enumerate(erreurs):
    plt.subplot(5, 5, k + 1)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(x_test[i, 0], cmap="binary")
    plt.xlabel(f"{noms_classes[predictions[i]]}\n(vrai : {noms_classes[y_test[i]]})")
plt.tight_layout()
plt.show()

# %% [markdown]
# Pour aller plus loin : ajoutez une seconde couche de convolution (64 filtres)
# et de *pooling* avant `Flatten`, et comparez le nombre de paramètres et
# l'exactitude.
