# Classifier les chiffres MNIST avec un perceptron multicouche — version Keras.
# Page : docs/entrainement/mnist-mlp.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.
# grille_images et tracer_courbes sont définies par la page (blocs repliables
# « Le code de… », inclus de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:importer]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(42)  # graines de Python, NumPy et du backend
# --8<-- [end:importer]

# --8<-- [start:charger]
(x_train_complet, y_train_complet), (x_test, y_test) = keras.datasets.mnist.load_data()
print(x_train_complet.shape, x_train_complet.dtype, y_train_complet[:10])
print(x_test.shape)
# --8<-- [end:charger]

# --8<-- [start:normaliser]
x_train_complet = x_train_complet.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
print(x_train_complet.min(), x_train_complet.max())
# --8<-- [end:normaliser]

# --8<-- [start:valider]
x_train, x_val, y_train, y_val = train_test_split(
    x_train_complet, y_train_complet, test_size=0.1, stratify=y_train_complet, random_state=42
)
print(len(x_train), "images d'entraînement,", len(x_val), "de validation,", len(x_test), "de test")
# --8<-- [end:valider]

# --8<-- [start:images]
grille_images(x_train[:20], y_train[:20], colonnes=10)
plt.show()
# --8<-- [end:images]

# --8<-- [start:modele]
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ],
    name="mlp_mnist",
)
model.summary()
# --8<-- [end:modele]

# --8<-- [start:compiler]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=32,  # 32 lots par appel du graphe compilé
)
# --8<-- [end:compiler]

# --8<-- [start:entrainer]
history = model.fit(
    x_train, y_train,
    epochs=10,
    batch_size=64,
    validation_data=(x_val, y_val),
    validation_batch_size=256,  # sans gradient, de grands lots vont plus vite
    verbose=2,
)
# --8<-- [end:entrainer]

# --8<-- [start:courbes]
tracer_courbes(history, titre="MLP Keras sur MNIST")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
print(f"Perte sur le test : {test_loss:.4f} — exactitude : {test_acc:.2%}")
# --8<-- [end:evaluer]

# --8<-- [start:predire]
probabilites = model.predict(x_test[:10], verbose=0)
print(probabilites.shape)
classes = probabilites.argmax(axis=1)  # remplace l'ancien predict_classes
print("prédit :", classes)
print("vrai   :", y_test[:10])
# --8<-- [end:predire]

# --8<-- [start:sauver]
model.save("mnist_mlp.keras")
modele_recharge = keras.models.load_model("mnist_mlp.keras")
np.testing.assert_allclose(modele_recharge.predict(x_test[:10], verbose=0), probabilites, rtol=1e-5)
print("Le modèle rechargé donne les mêmes prédictions.")
# --8<-- [end:sauver]
