# Classifier les chiffres MNIST avec un réseau convolutif — version Keras.
# Page : docs/entrainement/mnist-cnn.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.
# tracer_courbes et grille_images sont définies par la page (blocs repliables
# inclus de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:importer]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.model_selection import train_test_split

keras.utils.set_random_seed(42)
# --8<-- [end:importer]

# --8<-- [start:charger]
(x_train_complet, y_train_complet), (x_test, y_test) = keras.datasets.mnist.load_data()
# Un canal (niveaux de gris) en dernier axe : (n, 28, 28) devient (n, 28, 28, 1).
x_train_complet = x_train_complet.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_train, x_val, y_train, y_val = train_test_split(
    x_train_complet, y_train_complet, test_size=0.1, stratify=y_train_complet, random_state=42
)
print(x_train.shape, x_val.shape, x_test.shape)
# --8<-- [end:charger]

# --8<-- [start:modele]
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu"),  # 26 × 26 × 16
        layers.MaxPooling2D((2, 2)),                   # 13 × 13 × 16
        layers.Conv2D(64, (3, 3), activation="relu"),  # 11 × 11 × 64
        layers.MaxPooling2D((2, 2)),                   # 5 × 5 × 64
        layers.Flatten(),                              # 1 600 valeurs
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ],
    name="cnn_mnist",
)
model.summary()
# --8<-- [end:modele]

# --8<-- [start:compiler]
epoques, taille_lot = 5, 64
pas = epoques * int(np.ceil(len(x_train) / taille_lot))  # nombre total de lots
# Le taux part de 2e-3 et descend jusqu'à 0 en suivant un demi-cosinus, lot après lot.
taux = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=pas)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=taux),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=128,  # 128 lots par appel du graphe compilé
)
# --8<-- [end:compiler]

# --8<-- [start:entrainer]
history = model.fit(
    x_train, y_train,
    epochs=epoques,
    batch_size=taille_lot,
    validation_data=(x_val, y_val),
    validation_batch_size=1000,  # sans gradient, de grands lots vont plus vite
    verbose=2,
)
# --8<-- [end:entrainer]

# --8<-- [start:courbes]
tracer_courbes(history, titre="CNN Keras sur MNIST")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
print(f"Perte sur le test : {test_loss:.4f} — exactitude : {test_acc:.2%}")
# --8<-- [end:evaluer]

# --8<-- [start:une_image]
image = x_test[0]                                        # forme (28, 28, 1)
probabilites = model.predict(image[np.newaxis], verbose=0)[0]  # un lot d'une image
chiffre_predit = int(probabilites.argmax())
plt.figure(figsize=(3, 3))
plt.imshow(image.squeeze(), cmap="gray")
plt.title(f"Prédit : {chiffre_predit} (vrai : {y_test[0]})")
plt.axis("off")
plt.show()
print(f"Le chiffre prédit est {chiffre_predit}, avec une probabilité de {probabilites.max():.3f}")
# --8<-- [end:une_image]

# --8<-- [start:grille]
predictions = model.predict(x_test, batch_size=1000, verbose=0).argmax(axis=1)
erreurs = np.flatnonzero(predictions != y_test)
print(len(erreurs), "erreurs sur", len(y_test), "images de test")
# Les 10 premières images de test, puis les 20 premières erreurs (en couleur).
choix = np.concatenate([np.arange(10), erreurs[:20]])
grille_images(x_test[choix], y_test[choix], predictions[choix], colonnes=10)
plt.show()
# --8<-- [end:grille]

# --8<-- [start:sauver]
model.save("mnist_cnn.keras")
modele_recharge = keras.models.load_model("mnist_cnn.keras")
np.testing.assert_allclose(modele_recharge.predict(x_test[:10], verbose=0),
                           model.predict(x_test[:10], verbose=0), rtol=1e-5)
print("Le modèle rechargé donne les mêmes prédictions.")
# --8<-- [end:sauver]
