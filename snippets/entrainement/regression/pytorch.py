# Régression — version PyTorch.
# Page : docs/entrainement/regression.md (onglets « PyTorch »).
# Les données viennent de donnees.py : la page inclut ses sections hors des onglets,
# avant celles-ci. Ce fichier n'est qu'un fragment, jamais exécuté seul.
# tracer_courbes est définie par la page (bloc repliable inclus de
# dlcourse/aides/courbes.py) : ce fichier n'est qu'un fragment.
# ruff: noqa: F821, E402

# --8<-- [start:importer]
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)
# --8<-- [end:importer]

# --8<-- [start:lineaire]
X_lin, Y_lin = torch.from_numpy(x), torch.from_numpy(y)
lineaire = nn.Linear(1, 1)
perte = nn.MSELoss()
optimiseur = torch.optim.SGD(lineaire.parameters(), lr=0.1)
for _ in range(100):  # un lot = les 100 points
    optimiseur.zero_grad()
    valeur = perte(lineaire(X_lin), Y_lin)
    valeur.backward()
    optimiseur.step()
pente = lineaire.weight.item()
print(f"PyTorch : y = {pente:.3f} x + {lineaire.bias.item():.3f}")
# --8<-- [end:lineaire]

# --8<-- [start:droite]
grille = torch.linspace(float(x.min()), float(x.max()), 50).reshape(-1, 1)
with torch.no_grad():
    droite = lineaire(grille)
plt.scatter(x, y, s=12, alpha=0.6, label="données")
plt.plot(grille, droite, color="#D55E00", label="modèle PyTorch")
plt.xlabel("x")
plt.ylabel("y")
plt.legend()
plt.show()
# --8<-- [end:droite]

# --8<-- [start:boucle]
def entrainer_regression(modele, optimiseur, epoques, taille_lot=64):
    """Entraîne sur (X_train, y_train) ; renvoie l'historique de la MSE et de la RMSE."""
    perte = nn.MSELoss()
    appareil = next(modele.parameters()).device  # là où vit le modèle : CPU ou GPU
    chargeur = DataLoader(TensorDataset(torch.from_numpy(X_train), torch.from_numpy(y_train)),
                          batch_size=taille_lot, shuffle=True)
    X_v, y_v = torch.from_numpy(X_val).to(appareil), torch.from_numpy(y_val).to(appareil)
    historique = {"loss": [], "rmse": [], "val_loss": [], "val_rmse": []}
    for _ in range(epoques):
        modele.train()
        somme, n = 0.0, 0
        for xb, yb in chargeur:
            xb, yb = xb.to(appareil), yb.to(appareil)
            optimiseur.zero_grad()
            valeur = perte(modele(xb).squeeze(1), yb)  # (lot, 1) → (lot,) comme yb
            valeur.backward()
            optimiseur.step()
            somme, n = somme + valeur.item() * len(yb), n + len(yb)
        modele.eval()
        with torch.no_grad():
            val_mse = perte(modele(X_v).squeeze(1), y_v).item()
        for cle, v in (("loss", somme / n), ("rmse", (somme / n) ** 0.5),
                       ("val_loss", val_mse), ("val_rmse", val_mse ** 0.5)):
            historique[cle].append(v)
    return historique
# --8<-- [end:boucle]

# --8<-- [start:mlp]
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
model = nn.Sequential(
    nn.Linear(8, 64), nn.ReLU(),  # huit variables explicatives
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 1),             # une valeur, sans activation
).to(appareil)
historique = entrainer_regression(model, torch.optim.Adam(model.parameters(), lr=1e-3),
                                  epoques=30)
print(f"Dernière époque : val_rmse = {historique['val_rmse'][-1]:.3f}")
# --8<-- [end:mlp]

# --8<-- [start:courbes]
tracer_courbes(historique, titre="MLP PyTorch sur California housing")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
model.eval()
with torch.no_grad():
    y_pred = model(torch.from_numpy(X_test).to(appareil)).squeeze(1).cpu().numpy()
mse_test = float(np.mean((y_pred - y_test) ** 2))
rmse_test = mse_test ** 0.5
print(f"Test : MSE = {mse_test:.3f}, RMSE = {rmse_test:.3f} (centaines de milliers de dollars)")
# --8<-- [end:evaluer]

# --8<-- [start:nuage]
plt.figure(figsize=(4.5, 4.5))
plt.scatter(y_test, y_pred, s=4, alpha=0.3)
plt.plot([0, 5], [0, 5], color="#D55E00", label="prédiction parfaite")
plt.xlabel("Prix réel (× 100 000 $)")
plt.ylabel("Prix prédit (× 100 000 $)")
plt.legend()
plt.show()
# --8<-- [end:nuage]

# --8<-- [start:wide_deep]
class WideDeep(nn.Module):
    def __init__(self, n_entrees=8):
        super().__init__()
        self.profond = nn.Sequential(nn.Linear(n_entrees, 30), nn.ReLU(),
                                     nn.Linear(30, 30), nn.ReLU())
        self.sortie = nn.Linear(n_entrees + 30, 1)

    def forward(self, entree):
        concat = torch.cat([entree, self.profond(entree)], dim=1)  # large + profond
        return self.sortie(concat)


wide_deep = WideDeep().to(appareil)
historique_wd = entrainer_regression(wide_deep,
                                     torch.optim.Adam(wide_deep.parameters(), lr=1e-3),
                                     epoques=30)
wide_deep.eval()
with torch.no_grad():
    y_pred_wd = wide_deep(torch.from_numpy(X_test).to(appareil)).squeeze(1).cpu().numpy()
erreurs_wd = y_pred_wd - y_test
rmse_test_wd = float(np.sqrt(np.mean(erreurs_wd ** 2)))
print(f"Wide & Deep : RMSE de test = {rmse_test_wd:.3f}")
# --8<-- [end:wide_deep]
