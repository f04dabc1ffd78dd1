# Le XOR appris par un petit perceptron multicouche — version Keras.
# Page : docs/introduction/xor.md (onglets « Keras ») ; test : tests/introduction/test_xor.py.

# --8<-- [start:modele]
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(42)  # graines de Python, NumPy et du backend

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
y = np.array([0, 1, 1, 0], dtype="float32")

model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        layers.Dense(8, activation="tanh"),     # la couche cachée : 8 neurones
        layers.Dense(1, activation="sigmoid"),  # la sortie : une probabilité
    ],
    name="mlp_xor",
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),
              loss="binary_crossentropy", metrics=["accuracy"])
# --8<-- [end:modele]

# --8<-- [start:entrainer]
# 300 pas de gradient, chacun sur les 4 points : une seule époque sur les 4 points
# répétés 300 fois, parcourus dans l'ordre (shuffle=False), par lots de 4.
history = model.fit(np.tile(X, (300, 1)), np.tile(y, 300), batch_size=4,
                    shuffle=False, verbose=0)
perte, exactitude = model.evaluate(X, y, verbose=0)
probabilites = model.predict(X, verbose=0).ravel()
print("probabilités :", probabilites.round(3))
print("classes      :", (probabilites > 0.5).astype(int))
print(f"perte : {perte:.4f} — exactitude : {exactitude:.0%}")
# --8<-- [end:entrainer]
