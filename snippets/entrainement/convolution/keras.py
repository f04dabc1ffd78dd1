# Les réseaux convolutifs — version Keras.
# Page : docs/entrainement/convolution.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page. Les
# fonctions NumPy (correlation2d, taille_sortie, max_pooling, parametres_conv…)
# et les filtres bord_vertical et bord_horizontal sont définis par les blocs hors
# onglets de la page, exécutés avant chaque section qui s'en sert.
# ruff: noqa: F821, E402

# --8<-- [start:charger]
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
# Un canal en dernier axe et des pixels entre 0 et 1 : (n, 28, 28, 1).
x_train = x_train[..., np.newaxis].astype("float32") / 255
x_test = x_test[..., np.newaxis].astype("float32") / 255
image = x_train[0, :, :, 0]          # la première image, un tableau NumPy 28 × 28
print(x_train.shape, x_test.shape, image.shape)
# --8<-- [end:charger]

# --8<-- [start:couche]
couche = layers.Conv2D(filters=2, kernel_size=3)   # 2 filtres 3 × 3, sans remplissage
couche.build((None, 28, 28, 1))                    # crée le noyau et les biais
# Le noyau Keras a la forme (hauteur, largeur, canaux d'entrée, filtres).
noyau = np.stack([bord_vertical, bord_horizontal], axis=-1)[:, :, np.newaxis, :]
couche.set_weights([noyau, np.zeros(2, dtype="float32")])

sortie = couche(image[np.newaxis, :, :, np.newaxis]).numpy()  # un lot d'une image
np.testing.assert_allclose(sortie[0, :, :, 0], carte_verticale, atol=1e-5)
np.testing.assert_allclose(sortie[0, :, :, 1], carte_horizontale, atol=1e-5)
print("Conv2D calcule les mêmes cartes que correlation2d :", sortie.shape)
# --8<-- [end:couche]

# --8<-- [start:tailles]
for k, s, p in [(3, 1, 0), (3, 1, 1), (3, 2, 1), (5, 2, 0), (5, 3, 2)]:
    essai = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.ZeroPadding2D(p),           # p pixels de zéros sur chaque bord
        layers.Conv2D(1, k, strides=s),    # puis une convolution k × k de pas s
    ])
    assert essai.output_shape[1] == taille_sortie(28, k, s, p), (k, s, p)
print("La formule donne la taille de sortie de Conv2D dans les cinq cas.")
# --8<-- [end:tailles]

# --8<-- [start:pooling]
reduite = layers.MaxPooling2D(pool_size=2)(sortie).numpy()
np.testing.assert_allclose(reduite[0, :, :, 0], max_pooling(carte_verticale), atol=1e-5)
print("MaxPooling2D :", sortie.shape, "→", reduite.shape)
# --8<-- [end:pooling]

# --8<-- [start:parametres]
for k, c, f in [(3, 1, 32), (3, 32, 64), (5, 3, 6), (1, 64, 16)]:
    couche = layers.Conv2D(filters=f, kernel_size=k)
    couche.build((None, 28, 28, c))        # c canaux d'entrée
    assert couche.count_params() == parametres_conv(k, c, f), (k, c, f)
print("count_params() confirme la formule dans les quatre cas.")
# --8<-- [end:parametres]

# --8<-- [start:dense]
dense = layers.Dense(26 * 26 * 32)   # autant de sorties que Conv2D(32, 3) sur 28 × 28
dense.build((None, 28 * 28))         # chaque sortie reliée aux 784 pixels
n_dense = dense.count_params()
conv = layers.Conv2D(32, 3)
conv.build((None, 28, 28, 1))
n_conv = conv.count_params()
print(f"Dense : {n_dense} paramètres ; Conv2D : {n_conv} ; rapport : {n_dense / n_conv:.0f}")
# --8<-- [end:dense]

# --8<-- [start:champ]
import tensorflow as tf

modele_champ = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(1, 3, use_bias=False, kernel_initializer="ones"),  # 26 × 26
    layers.Conv2D(1, 3, use_bias=False, kernel_initializer="ones"),  # 24 × 24
    layers.AveragePooling2D(2),  # 12 × 12 : la fenêtre d'un max pooling, mais un gradient partout
    layers.Conv2D(1, 3, use_bias=False, kernel_initializer="ones"),  # 10 × 10
])
entree = tf.ones((1, 28, 28, 1))
with tf.GradientTape() as bande:
    bande.watch(entree)
    neurone = modele_champ(entree)[0, 5, 5, 0]            # un neurone au milieu de la sortie
gradient = bande.gradient(neurone, entree)[0, :, :, 0].numpy()
lignes, colonnes = np.nonzero(gradient)           # les pixels qui influencent ce neurone
champ = int(lignes.max() - lignes.min() + 1)
print("Pixels d'entrée vus par le neurone :", champ, "×", colonnes.max() - colonnes.min() + 1)
# --8<-- [end:champ]

# --8<-- [start:modele]
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 5, activation="relu"),    # 24 × 24 × 8
        layers.MaxPooling2D(2),                    # 12 × 12 × 8
        layers.Conv2D(16, 3, activation="relu"),   # 10 × 10 × 16
        layers.MaxPooling2D(2),                    # 5 × 5 × 16
        layers.Flatten(),                          # 400 valeurs
        layers.Dense(10, activation="softmax"),
    ],
    name="petit_cnn",
)
model.summary()
# --8<-- [end:modele]

# --8<-- [start:entrainer]
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=32,  # 32 lots par appel du graphe (chapitre 6.1)
)
history = model.fit(x_train, y_train, epochs=2, batch_size=128, verbose=2)
test_loss, test_acc = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
print(f"Exactitude sur le test : {test_acc:.2%}")
# --8<-- [end:entrainer]

# --8<-- [start:filtres]
noyaux = model.layers[0].get_weights()[0]       # (5, 5, 1, 8)
filtres = np.moveaxis(noyaux[:, :, 0, :], -1, 0)  # (8, 5, 5) : un filtre par ligne
afficher_images(filtres, [f"filtre {i + 1}" for i in range(8)], cmap="PuOr", colonnes=4)
plt.show()
# --8<-- [end:filtres]

# --8<-- [start:cartes]
cartes = model.layers[0](x_test[:1]).numpy()[0]   # convolution et ReLU : (24, 24, 8)
cartes = np.moveaxis(cartes, -1, 0)               # (8, 24, 24)
afficher_images([x_test[0, :, :, 0], *cartes], ["image"] + [f"carte {i + 1}" for i in range(8)],
                cmap=["gray"] + ["viridis"] * 8, colonnes=3)
plt.show()
# --8<-- [end:cartes]
