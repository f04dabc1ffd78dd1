# Métriques d'évaluation — version Keras (le modèle et les métriques de Keras).
# Page : docs/evaluation/metriques.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.

# --8<-- [start:modele]
import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(42)
(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train.astype("float32") / 255.0, x_test.astype("float32") / 255.0

model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(),
                          layers.Dense(128, activation="relu"),
                          layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["accuracy"], steps_per_execution=32)  # 32 lots par appel (chapitre 6.1)
model.fit(x_train, y_train, epochs=3, batch_size=64, validation_split=0.1, verbose=2)

probabilites = model.predict(x_test, verbose=0)   # (n, 10)
y_pred = probabilites.argmax(axis=1)               # la classe la plus probable
print("Exactitude sur le test :", np.mean(y_pred == y_test))
# --8<-- [end:modele]

# --8<-- [start:metriques]
y_test_one_hot = keras.utils.to_categorical(y_test, 10)
metriques = {
    "exactitude": keras.metrics.CategoricalAccuracy(),
    "précision (classe 6)": keras.metrics.Precision(class_id=6),
    "rappel (classe 6)": keras.metrics.Recall(class_id=6),
    "F1 macro": keras.metrics.F1Score(average="macro"),
    "F1 micro": keras.metrics.F1Score(average="micro", threshold=0.5),
}
for nom, metrique in metriques.items():
    metrique.update_state(y_test_one_hot, probabilites)
    print(f"{nom:>22} : {float(metrique.result()):.4f}")
# --8<-- [end:metriques]
