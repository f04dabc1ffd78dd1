# Concepts d'entraînement : comparer des optimiseurs — version Keras.
# Page : docs/entrainement/concepts.md (onglets « Keras »).

# --8<-- [start:donnees]
import keras
import tensorflow as tf
from keras import layers

(x_complet, y_complet), _ = keras.datasets.mnist.load_data()
x_sous = x_complet[:12000].astype("float32") / 255.0  # un sous-ensemble : 12 000 images
y_sous = y_complet[:12000]
n_val = len(x_sous) // 5                              # les 20 % derniers pour la validation
# Les lots, préparés une fois : en mémoire, mélangés à chaque époque, par 32 ;
# la validation, sans gradient, par lots de 256.
entrainement = (tf.data.Dataset.from_tensor_slices((x_sous[:-n_val], y_sous[:-n_val]))
                .cache().shuffle(len(x_sous) - n_val, seed=42).batch(32)
                .prefetch(tf.data.AUTOTUNE))
validation = tf.data.Dataset.from_tensor_slices((x_sous[-n_val:], y_sous[-n_val:])).batch(256)
print(x_sous.shape)
# --8<-- [end:donnees]

# --8<-- [start:modele]
def mlp_300_100():
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(300, activation="relu"),
        layers.Dense(100, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
# --8<-- [end:modele]

# --8<-- [start:optimiseurs]
optimiseurs = {
    "SGD": lambda: keras.optimizers.SGD(learning_rate=0.01),
    "SGD + momentum": lambda: keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
    "RMSprop": lambda: keras.optimizers.RMSprop(learning_rate=1e-3),
    "Adam": lambda: keras.optimizers.Adam(learning_rate=1e-3),
}
historiques = {}
for nom, creer_optimiseur in optimiseurs.items():
    keras.utils.set_random_seed(42)  # les mêmes poids de départ pour chacun
    model = mlp_300_100()
    model.compile(optimizer=creer_optimiseur(), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], steps_per_execution=32)
    history = model.fit(entrainement, epochs=5, validation_data=validation, verbose=2)
    historiques[nom] = history.history
    print(f"{nom:15} val_accuracy = {history.history['val_accuracy'][-1]:.4f}")
# --8<-- [end:optimiseurs]
