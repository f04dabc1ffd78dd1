# Apprentissage par transfert hors ligne — version Keras.
# Page : docs/evaluation/transfert.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi tracer_comparaison (bloc repliable inclus de dlcourse/aides) :
# ce fichier n'est qu'un fragment.

# --8<-- [start:donnees]
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(42)
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train[..., np.newaxis].astype("float32") / 255.0   # (n, 28, 28, 1)
x_test = x_test[..., np.newaxis].astype("float32") / 255.0

# La tâche source : les chiffres 0 à 4, avec toutes leurs images.
x_source, y_source = x_train[y_train < 5], y_train[y_train < 5]
# La tâche cible : les chiffres 5 à 9 (classes renumérotées de 0 à 4), avec très peu d'images.
x_cible, y_cible = x_train[y_train >= 5], y_train[y_train >= 5] - 5
x_peu, y_peu = x_cible[:100], y_cible[:100]   # 20 images par classe environ
x_val, y_val = x_cible[100:1100], y_cible[100:1100]
x_test_cible, y_test_cible = x_test[y_test >= 5], y_test[y_test >= 5] - 5
print(len(x_source), "images source ;", len(x_peu), "images cibles pour apprendre,",
      len(x_val), "pour valider,", len(x_test_cible), "pour tester")
# Les lots, préparés une fois (tf.data), comme les DataLoader de l'onglet PyTorch :
# fit ne redécoupe pas les tableaux à chaque époque.
source_lots = tf.data.Dataset.from_tensor_slices((x_source, y_source)).shuffle(
    len(x_source), seed=42).batch(64).prefetch(tf.data.AUTOTUNE)
peu_lots = tf.data.Dataset.from_tensor_slices((x_peu, y_peu)).shuffle(
    len(x_peu), seed=42).batch(32)
val_lots = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(256).cache()
test_lots = tf.data.Dataset.from_tensor_slices((x_test_cible, y_test_cible)).batch(256)
# --8<-- [end:donnees]

# --8<-- [start:modele]
def base_convolutive():
    """Les couches de convolution, qui extraient des motifs : elles seront transférées."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),                    # 32 cartes de 5 × 5 = 800 valeurs
    ], name="base")


def avec_tete(base):
    """La base suivie d'une tête neuve (une couche cachée, cinq classes)."""
    model = keras.Sequential([base, layers.Dense(64, activation="relu"),
                              layers.Dense(5, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=32)  # 32 lots par appel du graphe (chapitre 6.1)
    return model


base = base_convolutive()
print("Paramètres de la base :", base.count_params())
# --8<-- [end:modele]

# --8<-- [start:pretrainer]
source = avec_tete(base)
source.fit(source_lots, epochs=2, verbose=2)
# --8<-- [end:pretrainer]

# --8<-- [start:transferer]
base.trainable = False                      # on gèle la base pré-entraînée
transfert = avec_tete(base)                 # une tête neuve pour les chiffres 5 à 9
n_entraines = sum(int(w.numpy().size) for w in transfert.trainable_weights)
print("Paramètres entraînables :", n_entraines)
historiques = {"transfert (base gelée)": transfert.fit(
    peu_lots, epochs=30, validation_data=val_lots, verbose=2)}
# --8<-- [end:transferer]

# --8<-- [start:zero]
zero = avec_tete(base_convolutive())        # même architecture, poids aléatoires
historiques["de zéro"] = zero.fit(
    peu_lots, epochs=30, validation_data=val_lots, verbose=2)
# --8<-- [end:zero]

# --8<-- [start:comparer]
tracer_comparaison(historiques, titre="100 images des chiffres 5 à 9 (Keras)")
plt.show()
_, exactitude_transfert = transfert.evaluate(test_lots, verbose=0)
_, exactitude_zero = zero.evaluate(test_lots, verbose=0)
print(f"Exactitude sur le test : transfert {exactitude_transfert:.2%}, "
      f"de zéro {exactitude_zero:.2%}")
# --8<-- [end:comparer]
