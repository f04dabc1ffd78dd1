# Régularisation : la même base, cinq techniques — version Keras.
# Page : docs/evaluation/regularisation.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi tracer_courbes, tracer_comparaison et meilleures_valeurs
# (blocs repliables inclus de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:importer]
import keras
import matplotlib.pyplot as plt
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(42)
# --8<-- [end:importer]

# --8<-- [start:charger]
(x_complet, y_complet), _ = keras.datasets.fashion_mnist.load_data()
x_complet = x_complet.astype("float32") / 255.0
x_train, y_train = x_complet[:1500], y_complet[:1500]        # peu d'images : il surapprend
x_val, y_val = x_complet[1500:6500], y_complet[1500:6500]    # les suivantes, jamais vues
print(len(x_train), "images d'entraînement,", len(x_val), "de validation")
# Les lots, préparés une fois pour tous les modèles (tf.data), comme les
# DataLoader de l'onglet PyTorch : mélangés à chaque époque pour l'entraînement.
lots_train = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(
    len(x_train), seed=42).batch(64).prefetch(tf.data.AUTOTUNE)
lots_val = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(256).cache()
# --8<-- [end:charger]

# --8<-- [start:construire]
def construire(neurones=256, l2=0.0, dropout=0.0, normalisation=False, augmentation=False):
    """Un MLP à deux couches cachées ; chaque option ajoute une régularisation."""
    regulariseur = keras.regularizers.L2(l2) if l2 else None
    couches = [keras.Input(shape=(28, 28))]
    if augmentation:  # actives seulement pendant l'entraînement
        couches += [layers.Reshape((28, 28, 1)),
                    layers.RandomTranslation(0.05, 0.05, fill_mode="constant"),
                    layers.RandomFlip("horizontal")]
    couches.append(layers.Flatten())
    for _ in range(2):
        couches.append(layers.Dense(neurones, kernel_regularizer=regulariseur))
        if normalisation:
            couches.append(layers.BatchNormalization())
        couches.append(layers.Activation("relu"))
        if dropout:
            couches.append(layers.Dropout(dropout))
    couches.append(layers.Dense(10, activation="softmax", kernel_regularizer=regulariseur))
    return keras.Sequential(couches)


def entrainer(model, callbacks=(), epoques=15):
    """Compile et entraîne ``model`` ; renvoie l'historique (un dictionnaire)."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=8)  # 8 lots par appel du graphe (chapitre 6.1)
    history = model.fit(lots_train, epochs=epoques, validation_data=lots_val,
                        callbacks=list(callbacks), verbose=0)
    return history.history


def n_parametres(model):
    """Les paramètres entraînables (la normalisation par lots garde aussi deux statistiques)."""
    return sum(int(w.numpy().size) for w in model.trainable_weights)
# --8<-- [end:construire]

# --8<-- [start:base]
base = construire()
historiques = {"base": entrainer(base)}
print("Paramètres :", n_parametres(base))
tracer_courbes(historiques["base"], titre="Surapprentissage : MLP de 256 + 256 neurones")
plt.show()
# --8<-- [end:base]

# --8<-- [start:sous]
minuscule = construire(neurones=2)
historique_minuscule = entrainer(minuscule)
tracer_courbes(historique_minuscule, titre="Sous-apprentissage : MLP de 2 + 2 neurones")
plt.show()
# --8<-- [end:sous]

# --8<-- [start:l2]
historiques["L2"] = entrainer(construire(l2=1e-3))
# --8<-- [end:l2]

# --8<-- [start:dropout]
historiques["dropout"] = entrainer(construire(dropout=0.5))
# --8<-- [end:dropout]

# --8<-- [start:normalisation]
normalise = construire(normalisation=True)
historiques["normalisation par lots"] = entrainer(normalise)
print("Paramètres :", n_parametres(normalise))
# --8<-- [end:normalisation]

# --8<-- [start:arret]
arret = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                      restore_best_weights=True)
historiques["arrêt précoce"] = entrainer(construire(), callbacks=[arret])
print("Arrêt après", len(historiques["arrêt précoce"]["loss"]), "époques ; poids de l'époque",
      arret.best_epoch + 1)
# --8<-- [end:arret]

# --8<-- [start:augmentation]
historiques["augmentation"] = entrainer(construire(augmentation=True))
# --8<-- [end:augmentation]

# --8<-- [start:comparer]
tracer_comparaison(historiques, titre="Six variantes du même MLP (Keras)")
plt.show()
exactitudes = {nom: h["val_accuracy"][-1] for nom, h in historiques.items()}
pertes_min = meilleures_valeurs(historiques, "val_loss", plus_grand=False)
for nom in historiques:
    print(f"{nom:>24} : exactitude de validation finale {exactitudes[nom]:.2%}, "
          f"plus petite perte de validation {pertes_min[nom]:.3f}")
# --8<-- [end:comparer]
