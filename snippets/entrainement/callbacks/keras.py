# Les callbacks — version Keras.
# Page : docs/entrainement/callbacks.md (onglets « Keras »).
# tracer_courbes est définie par la page (bloc repliable inclus de
# dlcourse/aides/courbes.py) : ce fichier n'est qu'un fragment.

# --8<-- [start:donnees]
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(42)
(x_complet, y_complet), _ = keras.datasets.mnist.load_data()
x_train, x_val, y_train, y_val = train_test_split(
    x_complet[:6000].astype("float32") / 255.0, y_complet[:6000], test_size=0.2,
    random_state=42)
print(len(x_train), "images d'entraînement,", len(x_val), "de validation")
# Les lots, préparés une fois : en mémoire, mélangés à chaque époque, par 32 ;
# la validation, sans gradient, par lots de 256.
entrainement = (tf.data.Dataset.from_tensor_slices((x_train, y_train)).cache()
                .shuffle(len(x_train), seed=42).batch(32).prefetch(tf.data.AUTOTUNE))
validation = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(256).cache()

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"],
              steps_per_execution=32)  # 32 lots par appel du graphe (chapitre 6.1)
# --8<-- [end:donnees]

# --8<-- [start:callbacks]
callbacks = [
    # Enregistre le modèle à chaque amélioration de val_loss (au format .keras).
    keras.callbacks.ModelCheckpoint("meilleur.keras", monitor="val_loss",
                                    save_best_only=True),
    # Divise le taux d'apprentissage par 2 après 2 époques sans amélioration.
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2,
                                      min_lr=1e-5, verbose=1),
    # Arrête après 4 époques sans amélioration et revient aux meilleurs poids.
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=4,
                                  restore_best_weights=True, verbose=1),
]
history = model.fit(entrainement, epochs=40, validation_data=validation,
                    callbacks=callbacks, verbose=2)
# --8<-- [end:callbacks]

# --8<-- [start:bilan]
pertes_val = history.history["val_loss"]
meilleure_epoque = int(np.argmin(pertes_val)) + 1
print(f"Arrêt après {len(pertes_val)} époques ; meilleure époque : {meilleure_epoque} "
      f"(val_loss = {min(pertes_val):.4f})")
print("Taux d'apprentissage par époque :",
      [round(lr, 6) for lr in history.history["learning_rate"]])
# --8<-- [end:bilan]

# --8<-- [start:courbes]
figure = tracer_courbes(history, titre="Callbacks Keras : arrêt précoce et taux adaptatif")
for axe in figure.axes:
    axe.axvline(meilleure_epoque, color="grey", linestyle=":", label="meilleure époque")
figure.axes[-1].set_yscale("log")  # le taux d'apprentissage, divisé par 2 à chaque palier
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:recharger]
meilleur = keras.models.load_model("meilleur.keras")
perte_meilleur, _ = meilleur.evaluate(validation, verbose=0)
perte_model, _ = model.evaluate(validation, verbose=0)
print(f"Modèle enregistré : {perte_meilleur:.4f} ; modèle restauré : {perte_model:.4f}")
assert np.isclose(perte_meilleur, min(pertes_val), rtol=1e-4)
assert np.isclose(perte_model, perte_meilleur, rtol=1e-4)
# --8<-- [end:recharger]
