# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   dlcourse:
#     resultats:
#       n_entrainement: len(X_train)
#       n_validation: len(X_val)
#       n_test: len(X_test)
#       n_parametres: n_parametres
#       rmse_naive: rmse_naive
#       rmse_validation: rmse_validation
#       epoques: len(historique.history["loss"])
#       meilleure_epoque: meilleure_epoque
#       n_candidats: len(recherche.cv_results_["params"])
#       meilleurs_parametres: recherche.best_params_
#       rmse_validation_recherche: -recherche.best_score_
#       rmse_test: rmse_test
# ---

# %% [markdown]
# # TP — Prédire le prix des logements en Californie (Keras)
#
# Ce TP suppose que vous savez préparer des données (chapitre 5.1 du livre,
# [Collecter et prétraiter les données](../donnees/pretraitement.html)) et
# entraîner un réseau de **régression** (chapitre 6.6,
# [Entraîner un modèle de régression](../entrainement/regression.html)).
#
# Vous allez prédire le prix médian des logements d'un quartier californien à
# partir de huit caractéristiques du quartier (revenu médian, âge des logements,
# nombre de pièces, position…). Vous allez découper les données et les
# standardiser, mesurer ce que vaut un modèle « naïf », entraîner un perceptron
# multicouche avec **arrêt précoce** (*early stopping*), puis chercher de
# meilleurs **hyperparamètres** avec scikit-learn, avant une seule mesure finale
# sur le jeu de test.
#
# Chaque question est suivie de sa **solution, repliée** : essayez d'abord, puis
# dépliez la cellule (cliquez sur la barre bleue à gauche de la cellule repliée dans
# Jupyter, ou sur « Solution » dans le site). Ce carnet utilise **Keras 3** avec
# TensorFlow, et scikeras pour la recherche d'hyperparamètres ; il existe aussi en
# version PyTorch.

# %% [markdown]
# ## 1. Les données
#
# **Question 1.** Importez les bibliothèques dont vous aurez besoin, puis chargez
# le jeu California housing avec `fetch_california_housing()` de scikit-learn : les
# caractéristiques dans `X`, la cible (le prix médian, en centaines de milliers de
# dollars) dans `y`. Affichez leurs formes et le nom des caractéristiques.

# %% tags=["solution"]
import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from scikeras.wrappers import KerasRegressor
from sklearn.datasets import fetch_california_housing
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, PredefinedSplit, train_test_split
from sklearn.preprocessing import StandardScaler

keras.utils.set_random_seed(42)  # des résultats reproductibles

logements = fetch_california_housing()
X, y = logements.data, logements.target
print("X :", X.shape, "; y :", y.shape)
print("caractéristiques :", logements.feature_names)

# %% [markdown]
# **Question 2.** Tracez l'histogramme des prix et, à côté, les quartiers sur une
# carte (longitude en abscisse, latitude en ordonnée), colorés selon leur prix.
# Que remarquez-vous à droite de l'histogramme ?

# %% tags=["solution"]
fig, (ax_prix, ax_carte) = plt.subplots(2, 1, figsize=(6.4, 8), layout="constrained")
ax_prix.hist(y, bins=50, color="#0072B2")
ax_prix.set(title="Prix médian des quartiers", xlabel="prix (centaines de milliers de $)",
            ylabel="nombre de quartiers")
points = ax_carte.scatter(X[:, 7], X[:, 6], c=y, s=2, cmap="viridis")
ax_carte.set(title="Les quartiers, colorés par leur prix", xlabel="longitude",
             ylabel="latitude")
fig.colorbar(points, ax=ax_carte, label="prix (centaines de milliers de $)")
plt.show()
print(f"prix de {y.min():.2f} à {y.max():.2f} ; quartiers au prix maximal :",
      int((y == y.max()).sum()))

# %% [markdown]
# Une barre isolée se dresse tout à droite : les prix ont été **plafonnés** à
# 500 001 $ lors de la collecte, et tous les quartiers plus chers portent ce prix.
# Un modèle ne pourra pas apprendre à distinguer ces quartiers entre eux. Sur la
# carte, les prix élevés suivent la côte, autour de San Francisco et de Los
# Angeles : la position compte.

# %% [markdown]
# ## 2. Découper et standardiser
#
# **Question 3.** Découpez les données en trois jeux avec `train_test_split`
# (`random_state=42`) : 20 % pour le **test**, puis 25 % du reste pour la
# **validation** (soit 60 %, 20 % et 20 % du total). Standardisez ensuite les
# caractéristiques avec un `StandardScaler` ajusté **sur l'entraînement seul**.
# <!-- nombres : les proportions du découpage, une consigne de la question -->

# %% tags=["solution"]
X_hors_test, X_test, y_hors_test, y_test = train_test_split(X, y, test_size=0.2,
                                                            random_state=42)
X_train, X_val, y_train, y_val = train_test_split(X_hors_test, y_hors_test,
                                                  test_size=0.25, random_state=42)
scaler = StandardScaler().fit(X_train)  # μ et σ de l'entraînement seul
X_train_s, X_val_s, X_test_s = (scaler.transform(x) for x in (X_train, X_val, X_test))
print(len(X_train), "exemples d'entraînement,", len(X_val), "de validation,",
      len(X_test), "de test")
print("moyennes après standardisation (entraînement) :", X_train_s.mean(axis=0).round(3))
print("moyennes après standardisation (validation) :  ", X_val_s.mean(axis=0).round(3))

# %% [markdown]
# Ajuster le `scaler` sur toutes les données ferait entrer des statistiques du test
# dans le prétraitement : une **fuite de données** (*data leakage*). Sur la
# validation, les moyennes sont proches de zéro sans l'être exactement, et c'est
# normal.
#
# **Question 4.** Quel est l'écart type des prix ? Calculez la RMSE (racine de
# l'erreur quadratique moyenne) sur la validation d'un modèle « naïf » qui prédit
# toujours le prix moyen de l'entraînement. Un réseau devra faire mieux.

# %% tags=["solution"]
rmse_naive = root_mean_squared_error(y_val, np.full_like(y_val, y_train.mean()))
print(f"écart type des prix (validation) : {y_val.std():.3f}")
print(f"RMSE du modèle naïf (validation) : {rmse_naive:.3f}")

# %% [markdown]
# Prédire la moyenne donne une RMSE égale à l'écart type des prix, à l'écart près
# entre la moyenne de l'entraînement et celle de la validation.
#
# ## 3. Le modèle
#
# Voici une fonction qui construit un perceptron multicouche de régression : deux
# couches cachées de `n_neurones` neurones (ReLU) et une sortie d'**un** neurone,
# sans activation, car le prix peut prendre n'importe quelle valeur. La perte est
# l'erreur quadratique moyenne (MSE) ; la métrique, sa racine (RMSE), dans l'unité
# du prix. Avec `steps_per_execution=32`, Keras enchaîne 32 lots dans chaque appel
# à son graphe compilé au lieu de revenir à Python après chaque lot : les mises à
# jour des poids sont les mêmes, mais un réseau aussi petit, dont chaque lot se
# calcule très vite, perd beaucoup moins de temps dans ces allers-retours.

# %%
def construire_modele(n_neurones=30, taux=1e-2):
    """Un MLP de régression : 8 entrées, deux couches cachées, une sortie."""
    model = keras.Sequential([
        keras.Input(shape=(8,)),
        layers.Dense(n_neurones, activation="relu"),
        layers.Dense(n_neurones, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=taux), loss="mse",
                  metrics=[keras.metrics.RootMeanSquaredError(name="rmse")],
                  steps_per_execution=32)
    return model


model = construire_modele()
model.summary()

# %% [markdown]
# **Question 5.** Retrouvez par le calcul le nombre de paramètres du modèle.
#
# *Indice.* Une couche `Dense` de $n$ entrées et $m$ neurones a $n \times m$ poids et
# $m$ biais.

# %% tags=["solution"]
detail = {"Dense(30), 8 entrées": 8 * 30 + 30, "Dense(30), 30 entrées": 30 * 30 + 30,
          "Dense(1)": 30 * 1 + 1}
for nom, nombre in detail.items():
    print(f"{nom:<22} {nombre:>5}")
n_parametres = model.count_params()
print(f"{'total':<22} {sum(detail.values()):>5} (Keras : {n_parametres})")
assert sum(detail.values()) == n_parametres

# %% [markdown]
# ## 4. Entraîner avec arrêt précoce
#
# **Question 6.** Entraînez le modèle au plus 40 époques, par lots de 128, en
# validant sur `(X_val_s, y_val)`. Arrêtez l'entraînement quand la perte de
# validation ne s'améliore plus depuis 5 époques, et gardez les poids de la
# meilleure époque.
#
# *Indice.* C'est le rôle du *callback* `keras.callbacks.EarlyStopping` et de son
# argument `restore_best_weights=True`.

# %% tags=["solution"]
arret_precoce = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                              restore_best_weights=True)
historique = model.fit(X_train_s, y_train, validation_data=(X_val_s, y_val), epochs=40,
                       batch_size=128, callbacks=[arret_precoce], verbose=2)
meilleure_epoque = int(np.argmin(historique.history["val_loss"])) + 1
print(f"arrêt après {len(historique.history['loss'])} époques ; "
      f"meilleure époque : {meilleure_epoque}")

# %% [markdown]
# Si la meilleure époque est la dernière, l'arrêt précoce n'a pas eu à intervenir :
# la perte de validation baissait encore, et quelques époques de plus auraient pu
# améliorer un peu le modèle. Traçons les courbes d'apprentissage : la RMSE, époque
# par époque, sur l'entraînement et sur la validation.

# %%
epoques = range(1, len(historique.history["loss"]) + 1)
plt.figure(figsize=(6.4, 4))
plt.plot(epoques, historique.history["rmse"], "o-", markersize=3, label="entraînement")
plt.plot(epoques, historique.history["val_rmse"], "s--", markersize=3, label="validation")
plt.axhline(rmse_naive, color="gray", linestyle=":", label="modèle naïf (validation)")
plt.axvline(meilleure_epoque, color="#D55E00", linestyle=":", label="meilleure époque")
plt.title("RMSE (centaines de milliers de $)")
plt.xlabel("époque")
plt.ylim(0, 1.5 * rmse_naive)
plt.grid(alpha=0.3)
plt.legend()
plt.show()

# %% [markdown]
# **Question 7.** Quelle RMSE le modèle obtient-il sur la validation ? Comparez-la
# au modèle naïf.

# %% tags=["solution"]
rmse_validation = root_mean_squared_error(y_val, model.predict(X_val_s, verbose=0)[:, 0])
print(f"RMSE de validation : {rmse_validation:.3f} (modèle naïf : {rmse_naive:.3f})")

# %% [markdown]
# `predict` renvoie un tableau de forme `(n, 1)` : `[:, 0]` en fait un vecteur de
# forme `(n,)`, comme `y_val`.
#
# ## 5. Chercher de meilleurs hyperparamètres
#
# Le nombre de neurones et le taux d'apprentissage ont été choisis au jugé.
# scikit-learn sait essayer des combinaisons d'hyperparamètres (`GridSearchCV`),
# mais il attend un estimateur à sa façon, avec `fit`, `predict` et `score`.
# `KerasRegressor` de scikeras enveloppe la fonction `construire_modele` pour en
# faire un tel estimateur ; `model__n_neurones` désigne l'argument `n_neurones`
# de cette fonction.
#
# Pour que la recherche reste courte, chaque combinaison s'entraîne **une fois**
# sur l'entraînement et se mesure sur la validation, comme le premier modèle :
# c'est ce que décrit `PredefinedSplit` (−1 : toujours à l'entraînement, 0 : dans
# le pli de validation), sur l'entraînement et la validation mis bout à bout.
# L'arrêt précoce, lui, surveille le dernier dixième des données d'entraînement de
# chaque combinaison (`validation_split=0.1`).
#
# **Question 8.** Essayez 30 et 100 neurones par couche, avec des taux
# d'apprentissage de 0,001 et 0,01, en mesurant chaque combinaison par sa RMSE de
# validation (`scoring="neg_root_mean_squared_error"` : scikit-learn maximise un
# score, donc l'opposé de la RMSE). Quelle est la meilleure combinaison ?

# %% tags=["solution"]
regresseur = KerasRegressor(
    model=construire_modele, model__n_neurones=30, model__taux=1e-2,
    epochs=40, batch_size=128, validation_split=0.1, verbose=0,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                             restore_best_weights=True)],
)
grille = {"model__n_neurones": [30, 100], "model__taux": [1e-3, 1e-2]}
X_train_val = np.concatenate([X_train_s, X_val_s])
y_train_val = np.concatenate([y_train, y_val])
plis = PredefinedSplit(np.r_[np.full(len(X_train_s), -1), np.zeros(len(X_val_s))])
recherche = GridSearchCV(regresseur, grille, cv=plis, scoring="neg_root_mean_squared_error")
recherche.fit(X_train_val, y_train_val)

for parametres, score in zip(recherche.cv_results_["params"],
                             recherche.cv_results_["mean_test_score"], strict=True):
    print(parametres, f"RMSE de validation : {-score:.3f}")
print("meilleure combinaison :", recherche.best_params_)

# %% [markdown]
# La combinaison du premier modèle (30 neurones, taux de 0,01) n'obtient pas ici
# exactement la RMSE de validation de la question 7 : dans la recherche, l'arrêt
# précoce met de côté un dixième de l'entraînement, et les poids de départ
# diffèrent.
#
# Une fois la meilleure combinaison trouvée, `GridSearchCV` ré-entraîne
# (`refit=True`, le défaut) un modèle avec ces hyperparamètres sur **toutes** les
# données qu'on lui a données, entraînement et validation réunis : c'est
# `recherche.best_estimator_`, et c'est lui que `recherche.predict` utilise.
#
# > ⚠️ Quatre combinaisons, une seule mesure chacune : un écart de quelques
# > millièmes entre deux combinaisons peut venir du hasard de l'initialisation plus
# > que des hyperparamètres. Une recherche plus sérieuse essaierait plus de valeurs
# > (`RandomizedSearchCV`) et validerait sur plusieurs plis.
#
# ## 6. La mesure finale
#
# **Question 9.** Mesurez une seule fois, sur le jeu de test, la RMSE du modèle
# retenu par la recherche. Tracez les prix prédits en fonction des vrais prix.

# %% tags=["solution"]
y_pred = recherche.predict(X_test_s)
rmse_test = root_mean_squared_error(y_test, y_pred)
print(f"RMSE sur le test : {rmse_test:.3f} (centaines de milliers de $)")

plt.figure(figsize=(5, 5))
plt.scatter(y_test, y_pred, s=2, alpha=0.3, color="#0072B2")
plt.plot([0, 5], [0, 5], color="#D55E00", label="prédiction parfaite")
plt.xlabel("vrai prix")
plt.ylabel("prix prédit")
plt.title("Test : prix prédits et vrais prix")
plt.legend()
plt.show()

# %% [markdown]
# Les points s'alignent autour de la diagonale, avec un écart qui grandit avec le
# prix. Tout à droite, les quartiers plafonnés à 5 forment une colonne : le modèle
# leur prédit des prix très différents, faute de pouvoir les distinguer.
#
# Le jeu de test n'a servi qu'ici, une fois : la RMSE mesurée est une estimation
# honnête de l'erreur sur de nouveaux quartiers. Si vous changez maintenant le
# modèle d'après ce résultat, il faudra un nouveau jeu de test pour le mesurer.
