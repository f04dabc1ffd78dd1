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
#       exactitude_validation: historique.history["val_accuracy"][-1]
#       epoques: len(historique.history["loss"])
#       perte_mi: historique.history["loss"][3]
#       perte_finale: historique.history["loss"][-1]
#       perte_val_mi: historique.history["val_loss"][3]
#       perte_val_finale: historique.history["val_loss"][-1]
#       ecart_mi: historique.history["val_loss"][3] - historique.history["loss"][3]
#       ecart_final: historique.history["val_loss"][-1] - historique.history["loss"][-1]
#       epoque_perte_min: int(np.argmin(historique.history["loss"])) + 1
#       n_entrainement: len(x_train)
#       n_test: len(x_test)
#       confusion_vraie: noms_classes[confusions[0][1]]
#       confusion_predite: noms_classes[confusions[0][2]]
#       confusion_nombre: confusions[0][0]
# ---

# %% [markdown]
# # TP — Le même CNN sur Fashion-MNIST (Keras)
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
# `keras.datasets.fashion_mnist` dans `x_train, y_train, x_test, y_test`.

# %% tags=["solution"]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix

keras.utils.set_random_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
print("entraînement :", x_train.shape, y_train.shape)
print("test :        ", x_test.shape, y_test.shape)

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
# Même mise en forme que pour MNIST : un axe des canaux, des pixels dans [0, 1].

# %%
x_train = x_train[..., np.newaxis].astype("float32") / 255
x_test = x_test[..., np.newaxis].astype("float32") / 255

# %% [markdown]
# ## 2. Le modèle
#
# Nous reprenons exactement l'architecture du carnet MNIST : une convolution de 32
# filtres 3×3 (ReLU), un *max pooling* 2×2, `Flatten`, une couche cachée de 64
# neurones et une sortie de 10 logits.

# %%
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10),
])
model.summary()

# %% [markdown]
# **Question 3.** Le nombre de paramètres change-t-il par rapport au modèle MNIST ?
# Pourquoi ?

# %% tags=["solution"]
n_parametres = model.count_params()
print(f"{n_parametres:,} paramètres")
# Il ne dépend que de la taille des images (28×28×1) et du nombre de classes (10),
# identiques dans les deux jeux : le modèle est le même, seules les données changent.

# %% [markdown]
# ## 3. Entraînement
#
# **Question 4.** Compilez et entraînez le modèle comme pour MNIST : même
# optimiseur, même perte (les sorties sont des logits), un dixième des images
# d'entraînement pour la validation. Les vêtements sont plus difficiles à
# distinguer que les chiffres : donnez-lui 8 époques au lieu de 5.

# %% tags=["solution"]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
historique = model.fit(x_train, y_train, epochs=8, batch_size=64,
                       validation_split=0.1, verbose=2)

# %% [markdown]
# ## 4. Évaluation et comparaison avec MNIST

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
# Sur ces courbes, la perte d'entraînement baisse jusqu'au bout : de
# {{ resultat cnn-fashion-mnist-keras.perte_mi decimal4 }} à la quatrième époque à
# {{ resultat cnn-fashion-mnist-keras.perte_finale decimal4 }} à la huitième. La perte de
# validation ne suit plus : elle passe de
# {{ resultat cnn-fashion-mnist-keras.perte_val_mi decimal4 }} à
# {{ resultat cnn-fashion-mnist-keras.perte_val_finale decimal4 }}. L'écart entre les deux
# courbes se creuse, de {{ resultat cnn-fashion-mnist-keras.ecart_mi decimal4 }} à
# {{ resultat cnn-fashion-mnist-keras.ecart_final decimal4 }} : le réseau progresse sur ses images
# d'entraînement plus que sur les autres. C'est le début du surapprentissage, que
# combattent les techniques du chapitre sur la régularisation.
#
# Lors de l'exécution qui a produit ce carnet (les 60 000 images), le même réseau
# atteignait **{{ resultat cnn-mnist-keras.exactitude_test pourcent }}**
# d'exactitude sur le test de MNIST en 5 époques, contre
# **{{ resultat cnn-fashion-mnist-keras.exactitude_test pourcent }}** ici sur
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
predictions = model.predict(x_test, verbose=0).argmax(axis=1)

fig, ax = plt.subplots(figsize=(6.4, 6.4))
ConfusionMatrixDisplay.from_predictions(
    y_test, predictions, display_labels=noms_classes, cmap="viridis",
    xticks_rotation=45, colorbar=False, ax=ax,
)
ax.set(xlabel="classe prédite", ylabel="classe réelle")
plt.show()

# %% [markdown]
# Les paires les plus confondues (classe réelle → classe prédite) :

# %%
matrice = confusion_matrix(y_test, predictions)
confusions = sorted(((matrice[i, j], i, j) for i in range(10) for j in range(10) if i != j),
                    reverse=True)
for nombre, vraie, predite in confusions[:5]:
    print(f"{noms_classes[vraie]:>12} → {noms_classes[predite]:<12} : {nombre} images")

# %% [markdown]
# Sur l'exécution complète, la confusion la plus fréquente était : classe réelle
# « {{ resultat cnn-fashion-mnist-keras.confusion_vraie texte }} », classe prédite
# « {{ resultat cnn-fashion-mnist-keras.confusion_predite texte }} »
# ({{ resultat cnn-fashion-mnist-keras.confusion_nombre entier }} images). Les
# erreurs se concentrent entre les hauts (T-shirt, pull, manteau, chemise), de
# silhouettes voisines ; les pantalons et les sacs, de formes bien distinctes, sont
# presque toujours reconnus.
#
# **Question 5.** Affichez 25 images de test **mal classées**, avec la classe
# prédite et la vraie classe.

# %% tags=["solution"]
erreurs = np.flatnonzero(predictions != y_test)[:25]
plt.figure(figsize=(6.4, 8))
for k, i in enumerate(erreurs):
    plt.subplot(5, 5, k + 1)
    plt.xticks([])
    plt.yticks([])
    plt.imshow(x_test[i, :, :, 0], cmap="binary")
    plt.xlabel(f"{noms_classes[predictions[i]]}\n(vrai : {noms_classes[y_test[i]]})")
plt.tight_layout()
plt.show()

# %% [markdown]
# Pour aller plus loin : ajoutez une seconde couche de convolution (64 filtres)
# et de *pooling* avant `Flatten`, et comparez le nombre de paramètres et
# l'exactitude.
