# Recherche d'hyperparamètres — version Keras (scikeras + scikit-learn).
# Page : docs/evaluation/hyperparametres.md (onglets « Keras »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.

# --8<-- [start:donnees]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from scikeras.wrappers import KerasRegressor
from sklearn.datasets import fetch_california_housing
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler

keras.utils.set_random_seed(42)
housing = fetch_california_housing()
# 4 000 quartiers tirés au hasard : la recherche reste rapide
indices = np.random.default_rng(42).permutation(len(housing.target))[:4000]
X, y = housing.data[indices], housing.target[indices]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
print(X_train.shape, X_test.shape)
# --8<-- [end:donnees]

# --8<-- [start:build_model]
def build_model(n_hidden=1, n_neurons=30, learning_rate=1e-3):
    """Un MLP de régression : ``n_hidden`` couches cachées de ``n_neurons`` neurones."""
    model = keras.Sequential([keras.Input(shape=(8,))])
    for _ in range(n_hidden):
        model.add(layers.Dense(n_neurons, activation="relu"))
    model.add(layers.Dense(1))  # une valeur, sans activation
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  steps_per_execution=32)
    return model


print("Paramètres :", build_model(n_hidden=2).count_params())
# --8<-- [end:build_model]

# --8<-- [start:grille]
keras_reg = KerasRegressor(model=build_model, model__n_hidden=1, model__n_neurons=30,
                           model__learning_rate=1e-3, epochs=10, batch_size=64, verbose=0)
grille = {
    "model__n_hidden": [1, 2],
    "model__learning_rate": [1e-3, 1e-2],
}
recherche = GridSearchCV(keras_reg, grille, cv=2)
recherche.fit(X_train, y_train)
print("Meilleurs hyperparamètres :", recherche.best_params_)
print(f"R² moyen en validation croisée : {recherche.best_score_:.3f}")
# --8<-- [end:grille]

# --8<-- [start:resultats]
for params, score in zip(recherche.cv_results_["params"],
                         recherche.cv_results_["mean_test_score"], strict=True):
    print(params, f"R² = {score:.3f}")
rmse_test = root_mean_squared_error(y_test, recherche.predict(X_test))
print(f"RMSE du meilleur modèle sur le test : {rmse_test:.3f} (centaines de milliers de $)")
# --8<-- [end:resultats]

# --8<-- [start:taux]
model = build_model(n_hidden=2)
taux = np.geomspace(1e-5, 1.0, 200)  # de 1e-5 à 1, chaque pas multiplie par 1e5 ** (1/199)
pertes, lot, moyenne = [], 32, 0.0
for i, t in enumerate(taux):
    model.optimizer.learning_rate = t
    debut = (i * lot) % (len(X_train) - lot)
    perte = float(model.train_on_batch(X_train[debut:debut + lot], y_train[debut:debut + lot]))
    moyenne = 0.9 * moyenne + 0.1 * perte               # moyenne mobile : lisse le bruit
    pertes.append(moyenne / (1 - 0.9 ** (i + 1)))       # (corrigée du départ à zéro)
    if not np.isfinite(perte) or pertes[-1] > 4 * min(pertes):  # la perte explose : on arrête
        break

taux_min = taux[int(np.argmin(pertes))]
plt.figure(figsize=(7, 4), layout="constrained")
plt.semilogx(taux[:len(pertes)], pertes, color="#0072B2")
plt.axvline(taux_min / 10, color="#D55E00", linestyle="--",
            label=f"un dixième du minimum : {taux_min / 10:.0e}")
plt.ylim(0, 2 * pertes[0])
plt.xlabel("Taux d'apprentissage (échelle logarithmique)")
plt.ylabel("Perte (MSE), moyenne mobile")
plt.title("Test de plage du taux d'apprentissage (Keras)")
plt.legend()
plt.grid(True, alpha=0.3)
plt.show()
# --8<-- [end:taux]
