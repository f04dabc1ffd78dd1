# Régularisation : la même base, cinq techniques — version PyTorch.
# Page : docs/evaluation/regularisation.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi entrainer (la boucle du chapitre MNIST), tracer_courbes,
# tracer_comparaison et meilleures_valeurs (blocs repliables inclus de
# dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:importer]
import copy

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset
from torchvision import datasets
from torchvision.transforms import v2

torch.manual_seed(42)
# --8<-- [end:importer]

# --8<-- [start:charger]
train_complet = datasets.FashionMNIST("data", train=True, download=True)
x_complet = train_complet.data.float().div(255).unsqueeze(1)  # (n, 1, 28, 28), entre 0 et 1
y_complet = train_complet.targets
x_train, y_train = x_complet[:1500], y_complet[:1500]        # peu d'images : il surapprend
x_val, y_val = x_complet[1500:6500], y_complet[1500:6500]    # les suivantes, jamais vues
val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=256)
print(len(x_train), "images d'entraînement,", len(x_val), "de validation")
# --8<-- [end:charger]

# --8<-- [start:construire]
class MLP(nn.Module):
    """Un MLP à deux couches cachées ; chaque option ajoute une régularisation."""

    def __init__(self, neurones=256, dropout=0.0, normalisation=False):
        super().__init__()
        couches, entree = [nn.Flatten()], 28 * 28
        for _ in range(2):
            couches.append(nn.Linear(entree, neurones))
            if normalisation:
                couches.append(nn.BatchNorm1d(neurones))
            couches.append(nn.ReLU())
            if dropout:
                couches.append(nn.Dropout(dropout))
            entree = neurones
        couches.append(nn.Linear(entree, 10))  # des logits
        self.couches = nn.Sequential(*couches)

    def forward(self, x):
        return self.couches(x)


perte = nn.CrossEntropyLoss()
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un


def optimiseur_pour(model, l2=0.0):
    """Adam ; la pénalité L2 ne touche que les matrices de poids, comme en Keras."""
    poids = [p for p in model.parameters() if p.ndim > 1]
    autres = [p for p in model.parameters() if p.ndim <= 1]  # biais, normalisation
    return torch.optim.Adam([{"params": poids, "weight_decay": 2 * l2},
                             {"params": autres, "weight_decay": 0.0}], lr=1e-3)


def entrainer_variante(model, l2=0.0, jeu=None, epoques=15):
    """Entraîne ``model`` sur les 1 500 images (ou sur ``jeu``) ; renvoie l'historique."""
    chargeur = DataLoader(jeu or TensorDataset(x_train, y_train), batch_size=64, shuffle=True)
    model.to(appareil)  # avant de créer l'optimiseur, qui reçoit les paramètres déplacés
    return entrainer(model, chargeur, val_loader, perte, optimiseur_pour(model, l2), epoques,
                     appareil)


def n_parametres(model):
    """Les paramètres entraînables (la normalisation par lots garde aussi deux statistiques)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
# --8<-- [end:construire]

# --8<-- [start:base]
base = MLP()
historiques = {"base": entrainer_variante(base)}
print("Paramètres :", n_parametres(base))
tracer_courbes(historiques["base"], titre="Surapprentissage : MLP de 256 + 256 neurones")
plt.show()
# --8<-- [end:base]

# --8<-- [start:sous]
minuscule = MLP(neurones=2)
historique_minuscule = entrainer_variante(minuscule)
tracer_courbes(historique_minuscule, titre="Sous-apprentissage : MLP de 2 + 2 neurones")
plt.show()
# --8<-- [end:sous]

# --8<-- [start:l2]
historiques["L2"] = entrainer_variante(MLP(), l2=1e-3)
# --8<-- [end:l2]

# --8<-- [start:dropout]
historiques["dropout"] = entrainer_variante(MLP(dropout=0.5))
# --8<-- [end:dropout]

# --8<-- [start:normalisation]
normalise = MLP(normalisation=True)
historiques["normalisation par lots"] = entrainer_variante(normalise)
print("Paramètres :", n_parametres(normalise))
# --8<-- [end:normalisation]

# --8<-- [start:arret]
model = MLP().to(appareil)
optimiseur = optimiseur_pour(model)
chargeur = DataLoader(TensorDataset(x_train, y_train), batch_size=64, shuffle=True)
historique = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
meilleure_perte, meilleur_etat, patience, attente = float("inf"), None, 3, 0
for epoque in range(15):
    une = entrainer(model, chargeur, val_loader, perte, optimiseur, epoques=1,
                    appareil=appareil)
    for cle in historique:
        historique[cle] += une[cle]
    if une["val_loss"][-1] < meilleure_perte:   # progrès : on garde une copie des poids
        meilleure_perte, meilleur_etat, attente = une["val_loss"][-1], copy.deepcopy(
            model.state_dict()), 0
        meilleure_epoque = epoque
    else:
        attente += 1
        if attente >= patience:                  # trois époques sans progrès : on arrête
            break
model.load_state_dict(meilleur_etat)             # et on revient aux meilleurs poids
historiques["arrêt précoce"] = historique
print("Arrêt après", len(historique["loss"]), "époques ; poids de l'époque",
      meilleure_epoque + 1)
# --8<-- [end:arret]

# --8<-- [start:augmentation]
class Augmente(Dataset):
    """Applique une transformation aléatoire neuve à chaque lecture d'une image."""

    def __init__(self, x, y, transformation):
        self.x, self.y, self.transformation = x, y, transformation

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.transformation(self.x[i]), self.y[i]


aleatoire = v2.Compose([v2.RandomAffine(degrees=0, translate=(0.05, 0.05)),
                        v2.RandomHorizontalFlip()])
historiques["augmentation"] = entrainer_variante(
    MLP(), jeu=Augmente(x_train, y_train, aleatoire))
# --8<-- [end:augmentation]

# --8<-- [start:comparer]
tracer_comparaison(historiques, titre="Six variantes du même MLP (PyTorch)")
plt.show()
exactitudes = {nom: h["val_accuracy"][-1] for nom, h in historiques.items()}
pertes_min = meilleures_valeurs(historiques, "val_loss", plus_grand=False)
for nom in historiques:
    print(f"{nom:>24} : exactitude de validation finale {exactitudes[nom]:.2%}, "
          f"plus petite perte de validation {pertes_min[nom]:.3f}")
# --8<-- [end:comparer]
