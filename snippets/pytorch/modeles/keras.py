# Créer des modèles : le réseau 300-100-10 en Keras, jumeau de pytorch.py.
# Page : docs/pytorch/modeles.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.

# --8<-- [start:importer]
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(42)
# --8<-- [end:importer]

# --8<-- [start:sequentiel]
model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(300, activation="relu"),
        layers.Dense(100, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
sortie = model(np.zeros((32, 28, 28), dtype="float32"))
print(sortie.shape)
# --8<-- [end:sequentiel]

# --8<-- [start:classe]
class MLP(keras.Model):
    def __init__(self):
        super().__init__()
        self.aplatir = layers.Flatten()
        self.cachee_1 = layers.Dense(300, activation="relu")
        self.cachee_2 = layers.Dense(100, activation="relu")
        self.sortie = layers.Dense(10, activation="softmax")

    def call(self, x):
        x = self.aplatir(x)
        x = self.cachee_1(x)
        x = self.cachee_2(x)
        return self.sortie(x)


model_classe = MLP()
print(model_classe(np.zeros((32, 28, 28), dtype="float32")).shape)
# --8<-- [end:classe]

# --8<-- [start:compter]
n_parametres = model.count_params()
print(n_parametres, model_classe.count_params())
for couche in model.layers:
    print(f"{couche.name:10} {couche.count_params():>8}")
# --8<-- [end:compter]

# --8<-- [start:poids]
noyau, biais = model.layers[1].get_weights()
print("noyau :", noyau.shape, "— biais :", biais.shape)
print("biais initiaux nuls :", bool((biais == 0).all()))
for poids in model.weights:
    print(f"{poids.path:25} {tuple(poids.shape)}")
# --8<-- [end:poids]
