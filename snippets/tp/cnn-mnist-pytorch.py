# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   dlcourse:
#     resultats:
#       forme_conv: forme_conv
#       forme_pool: forme_pool
#       taille_flatten: taille_flatten
#       n_parametres: n_parametres
#       exactitude_test: exactitude_test
#       exactitude_validation: historique["val_accuracy"][-1]
#       epoques: len(historique["loss"])
#       n_entrainement: len(x_train)
#       n_test: len(x_test)
# ---

# %% [markdown]
# # TP — Mon premier réseau de neurones convolutifs (PyTorch)
#
# Ce TP suppose que vous savez définir, entraîner, évaluer et utiliser un réseau
# de neurones **entièrement connecté** (*fully connected*), par exemple le
# perceptron multicouche du chapitre 6.4 du livre, et tracer ses courbes
# d'apprentissage pour repérer le surapprentissage (*overfitting*).
#
# Ce TP passe à la **classification d'images** avec un **réseau de neurones
# convolutif** (*convolutional neural network*, CNN) : vous allez en définir
# l'architecture puis l'entraîner. Les convolutions, le remplissage (*padding*),
# le *pooling* et le calcul des paramètres sont expliqués au chapitre 6.5 du livre,
# [Les réseaux convolutifs](../entrainement/convolution.html).
# Nous commençons par MNIST (chiffres manuscrits) ;
# le carnet suivant étend le même travail à Fashion-MNIST (vêtements).
#
# Chaque question est suivie de sa **solution, repliée** : essayez d'abord, puis
# dépliez la cellule (cliquez sur la barre bleue à gauche de la cellule repliée dans
# Jupyter, ou sur « Solution » dans le site). Ce carnet utilise **PyTorch** ; il
# existe aussi en version Keras.

# %% [markdown]
# ## 1. Chargement et mise en place des données
#
# **Question 1.** Importez les bibliothèques dont vous aurez besoin, puis chargez
# les images MNIST avec `torchvision` : le jeu d'entraînement et ses étiquettes
# dans `x_train, y_train`, le jeu de test et ses étiquettes dans
# `x_test, y_test`.

# %% tags=["solution"]
import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets

torch.manual_seed(0)  # des résultats reproductibles

entrainement = datasets.MNIST("data", train=True, download=True)
test = datasets.MNIST("data", train=False, download=True)
x_train, y_train = entrainement.data, entrainement.targets
x_test, y_test = test.data, test.targets
print("entraînement :", tuple(x_train.shape), tuple(y_train.shape))
print("test :        ", tuple(x_test.shape), tuple(y_test.shape))

# %% [markdown]
# Affichons 25 images du jeu d'entraînement avec le nom de leur classe.

# %%
noms_classes = ["zéro", "un", "deux", "trois", "quatre",
                "cinq", "six", "sept", "huit", "neuf"]

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
# Une couche de convolution attend des images **avec un axe des canaux** : une image
# en niveaux de gris de 28×28 pixels a la forme `(1, 28, 28)` en PyTorch (les canaux
# viennent **en premier**, alors que Keras les met en dernier). Nous ajoutons cet
# axe et ramenons les pixels de [0, 255] à [0, 1], comme dans la version Keras.

# %%
x_train = x_train.unsqueeze(1).float() / 255
x_test = x_test.unsqueeze(1).float() / 255
print(tuple(x_train.shape), tuple(x_test.shape))

# %% [markdown]
# ## 2. Spécification du modèle convolutif
#
# Un CNN de base a deux parties :
#
# - la première calcule des **cartes de caractéristiques** (*feature maps*) :
#   elle « résume » ce que contient l'image au regard de la tâche à accomplir ;
# - la seconde est un réseau entièrement connecté (un MLP) qui accomplit la tâche
#   elle-même, ici la classification en 10 classes.
#
# Notre premier CNN n'a qu'**une couche de convolution** de 32 filtres (ou noyaux,
# *kernels*) de taille 3×3 (`nn.Conv2d`), suivie d'une couche de ***pooling*** qui
# garde le maximum de chaque voisinage 2×2 (`nn.MaxPool2d`), puis de l'activation
# ReLU (`nn.ReLU`). Viennent ensuite `nn.Flatten`, qui aplatit les cartes de
# caractéristiques en un vecteur, une couche cachée de 64 neurones et une couche de
# sortie de 10 neurones, **sans softmax** : le modèle renvoie des scores bruts, les
# *logits*.
#
# La version Keras applique ReLU dans la couche de convolution, donc **avant** le
# *pooling*. Le résultat est le même : ReLU ne change pas l'ordre des valeurs, et
# le maximum de quatre valeurs passé par ReLU vaut le maximum des quatre valeurs
# passées par ReLU. Placé après le *pooling*, ReLU ne traite qu'un quart des
# valeurs, et l'entraînement va plus vite.
#
# Contrairement à Keras, PyTorch demande le nombre d'entrées de chaque couche
# `nn.Linear` : celui de la première est la taille de la sortie de `Flatten`, que la
# question 4 vous fait calculer.

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
# PyTorch n'a pas d'équivalent de `model.summary()` : faisons passer un lot d'une
# image factice dans chaque couche pour afficher la forme de sa sortie et son nombre
# de paramètres.

# %%
x = torch.zeros(1, 1, 28, 28)
print(f"{'couche':<10} {'sortie':<16} {'paramètres':>10}")
for couche in model:
    x = couche(x)
    n = sum(p.numel() for p in couche.parameters())
    print(f"{type(couche).__name__:<10} {tuple(x.shape[1:])!s:<16} {n:>10,}")

# %% [markdown]
# **Question 3.** Quelle est la forme de la sortie de la couche de convolution, puis
# de celle de la couche de *pooling* ? Justifiez-la par le calcul, puis vérifiez-la
# sur le modèle.
#
# *Indice.* Par défaut, `nn.Conv2d` a un pas (*stride*) de 1 et aucun remplissage
# (`padding=0`, l'équivalent de `padding="valid"` en Keras) : le noyau 3×3 ne
# déborde pas de l'image, ce qui rogne un pixel de chaque bord. `nn.MaxPool2d(2)`
# divise la résolution par 2 dans chaque dimension (division entière).

# %% tags=["solution"]
cote_conv = (28 - 3) // 1 + 1  # (taille - noyau) // pas + 1
cote_pool = cote_conv // 2
print(f"calcul : convolution {cote_conv}×{cote_conv}×32, pooling {cote_pool}×{cote_pool}×32")

with torch.no_grad():
    sortie_conv = model[0](torch.zeros(1, 1, 28, 28))  # (lot, canaux, hauteur, largeur)
    sortie_pool = model[1](sortie_conv)
# dans l'ordre hauteur × largeur × canaux, pour comparer avec Keras
forme_conv = (sortie_conv.shape[2], sortie_conv.shape[3], sortie_conv.shape[1])
forme_pool = (sortie_pool.shape[2], sortie_pool.shape[3], sortie_pool.shape[1])
print("modèle :", forme_conv, forme_pool)
assert forme_conv == (cote_conv, cote_conv, 32) and forme_pool == (cote_pool, cote_pool, 32)

# %% [markdown]
# **Question 4.** Quelle est la taille de la sortie de la couche `Flatten` ?

# %% tags=["solution"]
with torch.no_grad():
    taille_flatten = model[3](sortie_pool).shape[1]
print(f"Flatten : {forme_pool[0]} × {forme_pool[1]} × {forme_pool[2]} = {taille_flatten}")
assert taille_flatten == model[4].in_features  # ce qu'attend la première couche Linear

# %% [markdown]
# **Question 5.** Quel est le nombre de paramètres du modèle complet ? Détaillez le
# calcul couche par couche.
#
# *Indice.* Un filtre de convolution 3×3 sur 1 canal a 3×3×1 poids et un biais ;
# une couche `Linear` de $n$ entrées et $m$ neurones a $n \times m$ poids et $m$
# biais.

# %% tags=["solution"]
detail = {
    "Conv2d": 32 * (3 * 3 * 1 + 1),
    "Linear(64)": taille_flatten * 64 + 64,
    "Linear(10)": 64 * 10 + 10,
}
for nom, nombre in detail.items():
    print(f"{nom:<11} {nombre:>8,}")
n_parametres = sum(p.numel() for p in model.parameters())
print(f"{'total':<11} {sum(detail.values()):>8,} (PyTorch : {n_parametres:,})")
assert sum(detail.values()) == n_parametres

# %% [markdown]
# La couche `Linear(64)` porte presque tous les paramètres : la convolution, elle,
# n'en a que $32 \times (3 \times 3 \times 1 + 1) = 320$, partagés par toutes les
# positions de l'image. C'est l'entraînement qui va fixer la valeur de ces
# paramètres.

# %% [markdown]
# ## 3. Entraînement du modèle
#
# **Question 6.** En vous appuyant sur le chapitre 6.4 du livre, écrivez les lignes qui
# définissent les paramètres de l'apprentissage (optimiseur, fonction de perte,
# lots de données) et la boucle d'entraînement du modèle. Gardez un dixième des
# images d'entraînement pour la **validation**.

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

# nn.CrossEntropyLoss applique elle-même le softmax : elle attend des logits
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
for epoque in range(1, 6):
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
    print(f"époque {epoque}/5 - perte : {perte_cumulee / total:.4f} - "
          f"exactitude : {justes / total:.4f} - val_perte : {val_perte:.4f} - "
          f"val_exactitude : {val_exactitude:.4f}")

# %% [markdown]
# > ⚠️ **Validation et test.** Le jeu de test ne sert qu'une fois, à la fin, pour
# > mesurer la performance finale. Choisir le nombre d'époques ou comparer des
# > modèles en regardant le test reviendrait à s'entraîner dessus. `random_split`
# > met de côté un dixième des images d'entraînement, tirées au hasard, pour ces
# > décisions.
#
# Ne mettez pas de softmax à la fin du modèle : `nn.CrossEntropyLoss` l'applique
# déjà (elle combine `log_softmax` et la log-vraisemblance négative).
#
# ## 4. Évaluation et courbes d'apprentissage

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
# Comparez les deux courbes de perte. Tant que la perte de validation baisse
# avec celle d'entraînement, le modèle généralise ; si elle remonte alors que
# la perte d'entraînement baisse encore (regardez les dernières époques du
# journal ci-dessus), il commence à surapprendre, et c'est le moment de
# l'arrêter ou de le régulariser.
#
# Pour prédire une classe, on prend l'indice du plus grand logit :

# %%
model.eval()
with torch.no_grad():
    logits = model(x_test[:10].to(appareil))
print("prédictions :", logits.argmax(dim=1).tolist())
print("vérité :     ", y_test[:10].tolist())
