# Recherche d'hyperparamètres — version PyTorch (skorch + scikit-learn).
# Page : docs/evaluation/hyperparametres.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.

# --8<-- [start:donnees]
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import fetch_california_housing
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler
from skorch import NeuralNetRegressor
from torch import nn

torch.manual_seed(42)
housing = fetch_california_housing()
# 4 000 quartiers tirés au hasard : la recherche reste rapide
indices = np.random.default_rng(42).permutation(len(housing.target))[:4000]
X, y = housing.data[indices], housing.target[indices]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
scaler = StandardScaler().fit(X_train)
# PyTorch calcule en float32 ; la cible d'une régression a la forme (n, 1)
X_train = scaler.transform(X_train).astype("float32")
X_test = scaler.transform(X_test).astype("float32")
y_train = y_train.astype("float32").reshape(-1, 1)
y_test = y_test.astype("float32").reshape(-1, 1)
print(X_train.shape, X_test.shape)
# --8<-- [end:donnees]

# --8<-- [start:build_model]
class MLP(nn.Module):
    """Un MLP de régression : ``n_hidden`` couches cachées de ``n_neurons`` neurones."""

    def __init__(self, n_hidden=1, n_neurons=30):
        super().__init__()
        couches, entree = [], 8
        for _ in range(n_hidden):
            couches += [nn.Linear(entree, n_neurons), nn.ReLU()]
            entree = n_neurons
        couches.append(nn.Linear(entree, 1))  # une valeur, sans activation
        self.couches = nn.Sequential(*couches)

    def forward(self, x):
        return self.couches(x)


print("Paramètres :", sum(p.numel() for p in MLP(n_hidden=2).parameters()))
# --8<-- [end:build_model]

# --8<-- [start:grille]
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
torch_reg = NeuralNetRegressor(MLP, module__n_hidden=1, module__n_neurons=30,
                               criterion=nn.MSELoss, optimizer=torch.optim.Adam, lr=1e-3,
                               max_epochs=10, batch_size=64, train_split=None, verbose=0,
                               device=appareil)
grille = {
    "module__n_hidden": [1, 2],
    "lr": [1e-3, 1e-2],
}
recherche = GridSearchCV(torch_reg, grille, cv=2)
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
model = MLP(n_hidden=2).to(appareil)
optimiseur = torch.optim.Adam(model.parameters())
perte_mse = nn.MSELoss()
taux = np.geomspace(1e-5, 1.0, 200)  # de 1e-5 à 1, chaque pas multiplie par 1e5 ** (1/199)
pertes, lot, moyenne = [], 32, 0.0
X_t, y_t = torch.from_numpy(X_train).to(appareil), torch.from_numpy(y_train).to(appareil)
for i, t in enumerate(taux):
    for groupe in optimiseur.param_groups:
        groupe["lr"] = t
    debut = (i * lot) % (len(X_t) - lot)
    optimiseur.zero_grad()
    valeur = perte_mse(model(X_t[debut:debut + lot]), y_t[debut:debut + lot])
    valeur.backward()
    optimiseur.step()
    moyenne = 0.9 * moyenne + 0.1 * valeur.item()     # moyenne mobile : lisse le bruit
    pertes.append(moyenne / (1 - 0.9 ** (i + 1)))       # (corrigée du départ à zéro)
    if not np.isfinite(pertes[-1]) or pertes[-1] > 4 * min(pertes):  # la perte explose
        break

taux_min = taux[int(np.argmin(pertes))]
plt.figure(figsize=(7, 4), layout="constrained")
plt.semilogx(taux[:len(pertes)], pertes, color="#0072B2")
plt.axvline(taux_min / 10, color="#D55E00", linestyle="--",
            label=f"un dixième du minimum : {taux_min / 10:.0e}")
plt.ylim(0, 2 * pertes[0])
plt.xlabel("Taux d'apprentissage (échelle logarithmique)")
plt.ylabel("Perte (MSE), moyenne mobile")
plt.title("Test de plage du taux d'apprentissage (PyTorch)")
plt.legend()
plt.grid(True, alpha=0.3)
plt.show()
# --8<-- [end:taux]
