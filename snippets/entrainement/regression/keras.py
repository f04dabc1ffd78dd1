# Régression — version Keras.
# Page : docs/entrainement/regression.md (onglets « Keras »).
# Les données viennent de donnees.py : la page inclut ses sections hors des onglets,
# avant celles-ci. Ce fichier n'est qu'un fragment, jamais exécuté seul.
# tracer_courbes est définie par la page (bloc repliable inclus de
# dlcourse/aides/courbes.py) : ce fichier n'est qu'un fragment.
# ruff: noqa: F821, E402

# --8<-- [start:importer]
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(42)
# --8<-- [end:importer]

# --8<-- [start:lineaire]
lineaire = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
lineaire.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
cent_pas = tf.data.Dataset.from_tensors((x, y)).repeat(100)  # le lot des 100 points, 100 fois
lineaire.fit(cent_pas, verbose=0)  # une époque de 100 pas
poids, biais = lineaire.layers[0].get_weights()
pente = float(poids[0, 0])
print(f"Keras : y = {pente:.3f} x + {float(biais[0]):.3f}")
# --8<-- [end:lineaire]

# --8<-- [start:droite]
grille = np.linspace(x.min(), x.max(), 50).reshape(-1, 1)
plt.scatter(x, y, s=12, alpha=0.6, label="données")
plt.plot(grille, lineaire.predict(grille, verbose=0), color="#D55E00", label="modèle Keras")
plt.xlabel("x")
plt.ylabel("y")
plt.legend()
plt.show()
# --8<-- [end:droite]

# --8<-- [start:mlp]
model = keras.Sequential(
    [
        keras.Input(shape=(8,)),  # huit variables explicatives
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),  # une valeur, sans activation
    ],
    name="mlp_californie",
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse",
              metrics=[keras.metrics.RootMeanSquaredError(name="rmse")],
              steps_per_execution=8)  # huit lots par appel du graphe : moins de coût fixe
# Les lots, préparés une fois : en mémoire, mélangés à chaque époque, par 64.
entrainement = (tf.data.Dataset.from_tensor_slices((X_train, y_train)).cache()
                .shuffle(len(X_train), seed=42).batch(64).prefetch(tf.data.AUTOTUNE))
validation = tf.data.Dataset.from_tensor_slices((X_val, y_val)).batch(1024).cache()
history = model.fit(entrainement, epochs=30, validation_data=validation, verbose=2)
print(f"Dernière époque : val_rmse = {history.history['val_rmse'][-1]:.3f}")
# --8<-- [end:mlp]

# --8<-- [start:courbes]
tracer_courbes(history, titre="MLP Keras sur California housing")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
mse_test, rmse_test = model.evaluate(X_test, y_test, batch_size=1024, verbose=0)
print(f"Test : MSE = {mse_test:.3f}, RMSE = {rmse_test:.3f} (centaines de milliers de dollars)")
# --8<-- [end:evaluer]

# --8<-- [start:nuage]
y_pred = model.predict(X_test, batch_size=1024, verbose=0).ravel()
plt.figure(figsize=(4.5, 4.5))
plt.scatter(y_test, y_pred, s=4, alpha=0.3)
plt.plot([0, 5], [0, 5], color="#D55E00", label="prédiction parfaite")
plt.xlabel("Prix réel (× 100 000 $)")
plt.ylabel("Prix prédit (× 100 000 $)")
plt.legend()
plt.show()
# --8<-- [end:nuage]

# --8<-- [start:wide_deep]
entree = keras.Input(shape=(8,), name="entree")
cachee1 = layers.Dense(30, activation="relu")(entree)
cachee2 = layers.Dense(30, activation="relu")(cachee1)
concat = layers.Concatenate()([entree, cachee2])  # le chemin large rejoint le profond
sortie = layers.Dense(1)(concat)
wide_deep = keras.Model(inputs=entree, outputs=sortie, name="wide_deep")

wide_deep.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse",
                  metrics=[keras.metrics.RootMeanSquaredError(name="rmse")],
                  steps_per_execution=8)
history_wd = wide_deep.fit(entrainement, epochs=30, validation_data=validation, verbose=2)
_, rmse_test_wd = wide_deep.evaluate(X_test, y_test, batch_size=1024, verbose=0)
print(f"Wide & Deep : RMSE de test = {rmse_test_wd:.3f}")
# --8<-- [end:wide_deep]
