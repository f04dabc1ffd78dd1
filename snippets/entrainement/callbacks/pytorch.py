# Les callbacks — version PyTorch : les mêmes comportements, écrits dans la boucle.
# Page : docs/entrainement/callbacks.md (onglets « PyTorch »).
# evaluer et tracer_courbes sont définies par la page (blocs repliables inclus
# de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:donnees]
import copy

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets

torch.manual_seed(42)
mnist = datasets.MNIST("data", train=True, download=True)
sous_ensemble = TensorDataset(mnist.data[:6000].float() / 255.0, mnist.targets[:6000])
train_set, val_set = random_split(sous_ensemble, [0.8, 0.2],
                                  generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
val_loader = DataLoader(val_set, batch_size=256)
print(len(train_set), "images d'entraînement,", len(val_set), "de validation")

appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                      nn.Linear(256, 10)).to(appareil)
perte = nn.CrossEntropyLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=1e-3)
# --8<-- [end:donnees]

# --8<-- [start:callbacks]
# ReduceLROnPlateau : PyTorch le fournit, comme « ordonnanceur » du taux.
ordonnanceur = torch.optim.lr_scheduler.ReduceLROnPlateau(
    optimiseur, mode="min", factor=0.5, patience=2, min_lr=1e-5)
patience = 4  # EarlyStopping
meilleure_perte, meilleurs_poids, attente = float("inf"), None, 0
historique = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [],
              "learning_rate": []}

for epoque in range(1, 41):
    model.train()
    somme, bonnes, total = 0.0, 0, 0
    for x, y in train_loader:
        x, y = x.to(appareil), y.to(appareil)
        optimiseur.zero_grad()
        sorties = model(x)
        valeur = perte(sorties, y)
        valeur.backward()
        optimiseur.step()
        somme += valeur.item() * len(y)
        bonnes += (sorties.argmax(dim=1) == y).sum().item()
        total += len(y)
    val_perte, val_exactitude = evaluer(model, val_loader, perte, appareil)
    for cle, v in (("loss", somme / total), ("accuracy", bonnes / total),
                   ("val_loss", val_perte), ("val_accuracy", val_exactitude),
                   ("learning_rate", optimiseur.param_groups[0]["lr"])):
        historique[cle].append(v)

    if val_perte < meilleure_perte:          # une amélioration :
        meilleure_perte, attente = val_perte, 0
        meilleurs_poids = copy.deepcopy(model.state_dict())
        torch.save(meilleurs_poids, "meilleur.pt")  # ModelCheckpoint(save_best_only=True)
    else:
        attente += 1
        if attente >= patience:              # EarlyStopping(patience=4)
            print(f"Époque {epoque} : arrêt précoce")
            break
    ordonnanceur.step(val_perte)             # ReduceLROnPlateau(factor=0.5, patience=2)

model.load_state_dict(meilleurs_poids)       # restore_best_weights=True
# --8<-- [end:callbacks]

# --8<-- [start:bilan]
pertes_val = historique["val_loss"]
meilleure_epoque = pertes_val.index(min(pertes_val)) + 1
print(f"Arrêt après {len(pertes_val)} époques ; meilleure époque : {meilleure_epoque} "
      f"(val_loss = {min(pertes_val):.4f})")
print("Taux d'apprentissage par époque :",
      [round(lr, 6) for lr in historique["learning_rate"]])
# --8<-- [end:bilan]

# --8<-- [start:courbes]
figure = tracer_courbes(historique, titre="PyTorch : arrêt précoce et taux adaptatif")
for axe in figure.axes:
    axe.axvline(meilleure_epoque, color="grey", linestyle=":", label="meilleure époque")
figure.axes[-1].set_yscale("log")  # le taux d'apprentissage, divisé par 2 à chaque palier
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:recharger]
meilleur = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
                         nn.Linear(256, 10)).to(appareil)
meilleur.load_state_dict(torch.load("meilleur.pt", weights_only=True))
perte_meilleur, _ = evaluer(meilleur, val_loader, perte, appareil)
perte_model, _ = evaluer(model, val_loader, perte, appareil)
print(f"Modèle enregistré : {perte_meilleur:.4f} ; modèle restauré : {perte_model:.4f}")
assert abs(perte_meilleur - min(pertes_val)) < 1e-6
assert abs(perte_model - perte_meilleur) < 1e-6
# --8<-- [end:recharger]
