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
#       exactitude_validation: historique.history["val_accuracy"][-1]
#       epoques: len(historique.history["loss"])
#       n_entrainement: len(x_train)
#       n_test: len(x_test)
# ---

# %% [markdown]
# # TP — Mon premier réseau de neurones convolutifs (Keras)
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
# Jupyter, ou sur « Solution » dans le site). Ce carnet utilise **Keras 3** avec
# TensorFlow ; il existe aussi en version PyTorch.

# %% [markdown]
# ## 1. Chargement et mise en place des données
#
# **Question 1.** Importez les bibliothèques dont vous aurez besoin, puis chargez
# les images MNIST avec `keras.datasets.mnist.load_data()` : le jeu d'entraînement et ses
# étiquettes dans `x_train, y_train`, le jeu de test et ses étiquettes dans
# `x_test, y_test`.

# %% tags=["solution"]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)  # des résultats reproductibles

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
print("entraînement :", x_train.shape, y_train.shape)
print("test :        ", x_test.shape, y_test.shape)

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
# en niveaux de gris de 28×28 pixels a la forme `(28, 28, 1)` en Keras (les canaux
# viennent en dernier). Nous ajoutons cet axe et ramenons les pixels de [0, 255] à
# [0, 1].

# %%
x_train = x_train[..., np.newaxis].astype("float32") / 255
x_test = x_test[..., np.newaxis].astype("float32") / 255
print(x_train.shape, x_test.shape)

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
# *kernels*) de taille 3×3 avec l'activation ReLU (`layers.Conv2D`), suivie d'une
# couche de ***pooling*** qui garde le maximum de chaque voisinage 2×2
# (`layers.MaxPooling2D`). Construisons d'abord cette première partie.

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
])
model.summary()

# %% [markdown]
# Ajoutons la partie classification : `Flatten` aplatit les cartes de
# caractéristiques en un vecteur, puis viennent une couche cachée de 64 neurones et
# une couche de sortie de 10 neurones, **sans softmax** : le modèle renvoie des
# scores bruts, les *logits*.

# %%
model.add(layers.Flatten())
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10))
model.summary()

# %% [markdown]
# **Question 3.** Quelle est la forme de la sortie de la couche de convolution, puis
# de celle de la couche de *pooling* ? Justifiez-la par le calcul, puis vérifiez-la
# sur le modèle.
#
# *Indice.* Par défaut, `Conv2D` a un pas (*stride*) de 1 et `padding="valid"` :
# aucun remplissage, le noyau 3×3 ne déborde pas de l'image, ce qui rogne un pixel
# de chaque bord. `MaxPooling2D((2, 2))` divise la résolution par 2 dans chaque
# dimension (division entière, `padding="valid"` là aussi).

# %% tags=["solution"]
cote_conv = (28 - 3) // 1 + 1  # (taille - noyau) // pas + 1
cote_pool = cote_conv // 2
print(f"calcul : convolution {cote_conv}×{cote_conv}×32, pooling {cote_pool}×{cote_pool}×32")

forme_conv = model.layers[0].output.shape[1:]  # sans l'axe du lot (None)
forme_pool = model.layers[1].output.shape[1:]
print("modèle :", forme_conv, forme_pool)
assert forme_conv == (cote_conv, cote_conv, 32) and forme_pool == (cote_pool, cote_pool, 32)

# %% [markdown]
# **Question 4.** Quelle est la taille de la sortie de la couche `Flatten` ?

# %% tags=["solution"]
taille_flatten = model.layers[2].output.shape[-1]
print(f"Flatten : {forme_pool[0]} × {forme_pool[1]} × {forme_pool[2]} = {taille_flatten}")
assert taille_flatten == int(np.prod(forme_pool))

# %% [markdown]
# **Question 5.** Quel est le nombre de paramètres du modèle complet ? Détaillez le
# calcul couche par couche.
#
# *Indice.* Un filtre de convolution 3×3 sur 1 canal a 3×3×1 poids et un biais ;
# une couche `Dense` de $n$ entrées et $m$ neurones a $n \times m$ poids et $m$
# biais.

# %% tags=["solution"]
detail = {
    "Conv2D": 32 * (3 * 3 * 1 + 1),
    "Dense(64)": taille_flatten * 64 + 64,
    "Dense(10)": 64 * 10 + 10,
}
for nom, nombre in detail.items():
    print(f"{nom:<10} {nombre:>8,}")
n_parametres = model.count_params()
print(f"{'total':<10} {sum(detail.values()):>8,} (Keras : {n_parametres:,})")
assert sum(detail.values()) == n_parametres

# %% [markdown]
# La couche `Dense(64)` porte presque tous les paramètres : la convolution, elle,
# n'en a que $32 \times (3 \times 3 \times 1 + 1) = 320$, partagés par toutes les
# positions de l'image. C'est l'entraînement qui va fixer la valeur de ces
# paramètres.

# %% [markdown]
# ## 3. Entraînement du modèle
#
# **Question 6.** En vous appuyant sur le chapitre 6.4 du livre, écrivez les lignes qui
# définissent les paramètres de l'apprentissage (optimiseur, fonction de perte,
# métrique) et qui lancent l'entraînement du modèle (la méthode `fit`). Gardez un
# dixième des images d'entraînement pour la **validation**.

# %% tags=["solution"]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    # la dernière couche n'a pas de softmax : la perte reçoit des logits
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
historique = model.fit(x_train, y_train, epochs=5, batch_size=64,
                       validation_split=0.1, verbose=2)

# %% [markdown]
# > ⚠️ **Validation et test.** Le jeu de test ne sert qu'une fois, à la fin, pour
# > mesurer la performance finale. Choisir le nombre d'époques ou comparer des
# > modèles en regardant le test reviendrait à s'entraîner dessus.
# > `validation_split=0.1` met de côté le dernier dixième des images
# > d'entraînement pour ces décisions.
#
# Sans `from_logits=True`, la perte croirait recevoir des probabilités alors que le
# modèle renvoie des scores bruts : l'entraînement serait faussé.
#
# ## 4. Évaluation et courbes d'apprentissage

# %%
perte_test, exactitude_test = model.evaluate(x_test, y_test, verbose=0)
print(f"perte sur le test : {perte_test:.4f} ; exactitude sur le test : {exactitude_test:.4f}")

# %%
epoques = range(1, len(historique.history["loss"]) + 1)
fig, (ax_perte, ax_exactitude) = plt.subplots(1, 2, figsize=(6.4, 3.2), layout="constrained")
ax_perte.plot(epoques, historique.history["loss"], "o-", label="entraînement")
ax_perte.plot(epoques, historique.history["val_loss"], "s--", label="validation")
ax_perte.set(title="Perte", xlabel="époque")
ax_exactitude.plot(epoques, historique.history["accuracy"], "o-", label="entraînement")
ax_exactitude.plot(epoques, historique.history["val_accuracy"], "s--", label="validation")
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
# Pour prédire une classe, on prend l'indice du plus grand logit (l'ancienne
# méthode `predict_classes` n'existe plus) :

# %%
logits = model.predict(x_test[:10], verbose=0)
print("prédictions :", logits.argmax(axis=1))
print("vérité :     ", y_test[:10])
