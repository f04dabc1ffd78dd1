# Apprentissage par transfert hors ligne — version PyTorch.
# Page : docs/evaluation/transfert.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi entrainer, evaluer et tracer_comparaison (blocs repliables
# inclus de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:donnees]
import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

torch.manual_seed(42)
train_set = datasets.MNIST("data", train=True, download=True)
test_set = datasets.MNIST("data", train=False, download=True)
x_train, y_train = train_set.data.float().div(255).unsqueeze(1), train_set.targets
x_test, y_test = test_set.data.float().div(255).unsqueeze(1), test_set.targets

# La tâche source : les chiffres 0 à 4, avec toutes leurs images.
x_source, y_source = x_train[y_train < 5], y_train[y_train < 5]
# La tâche cible : les chiffres 5 à 9 (classes renumérotées de 0 à 4), avec très peu d'images.
x_cible, y_cible = x_train[y_train >= 5], y_train[y_train >= 5] - 5
x_peu, y_peu = x_cible[:100], y_cible[:100]   # 20 images par classe environ
x_val, y_val = x_cible[100:1100], y_cible[100:1100]
x_test_cible, y_test_cible = x_test[y_test >= 5], y_test[y_test >= 5] - 5
print(len(x_source), "images source ;", len(x_peu), "images cibles pour apprendre,",
      len(x_val), "pour valider,", len(x_test_cible), "pour tester")

peu_loader = DataLoader(TensorDataset(x_peu, y_peu), batch_size=32, shuffle=True)
val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=256)
test_loader = DataLoader(TensorDataset(x_test_cible, y_test_cible), batch_size=256)
perte = nn.CrossEntropyLoss()
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
# --8<-- [end:donnees]

# --8<-- [start:modele]
def base_convolutive():
    """Les couches de convolution, qui extraient des motifs : elles seront transférées."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),                        # 32 cartes de 5 × 5 = 800 valeurs
    )


def avec_tete(base):
    """La base suivie d'une tête neuve (une couche cachée, cinq classes en logits)."""
    return nn.Sequential(base, nn.Linear(32 * 5 * 5, 64), nn.ReLU(), nn.Linear(64, 5))


base = base_convolutive()
print("Paramètres de la base :", sum(p.numel() for p in base.parameters()))
# --8<-- [end:modele]

# --8<-- [start:pretrainer]
source = avec_tete(base).to(appareil)     # la base et sa tête, sur l'appareil
source_loader = DataLoader(TensorDataset(x_source, y_source), batch_size=64, shuffle=True)
entrainer(source, source_loader, val_loader, perte,
          torch.optim.Adam(source.parameters(), lr=1e-3), epoques=2, appareil=appareil)
# (val_loader contient des chiffres 5 à 9 : son exactitude n'a pas de sens ici)
# --8<-- [end:pretrainer]

# --8<-- [start:transferer]
for parametre in base.parameters():
    parametre.requires_grad = False         # on gèle la base pré-entraînée
transfert = avec_tete(base).to(appareil)    # une tête neuve pour les chiffres 5 à 9
entrainables = [p for p in transfert.parameters() if p.requires_grad]
n_entraines = sum(p.numel() for p in entrainables)
print("Paramètres entraînables :", n_entraines)
historiques = {"transfert (base gelée)": entrainer(
    transfert, peu_loader, val_loader, perte, torch.optim.Adam(entrainables, lr=1e-3),
    epoques=30, appareil=appareil)}
# --8<-- [end:transferer]

# --8<-- [start:zero]
zero = avec_tete(base_convolutive()).to(appareil)  # même architecture, poids aléatoires
historiques["de zéro"] = entrainer(zero, peu_loader, val_loader, perte,
                                   torch.optim.Adam(zero.parameters(), lr=1e-3), epoques=30,
                                   appareil=appareil)
# --8<-- [end:zero]

# --8<-- [start:comparer]
tracer_comparaison(historiques, titre="100 images des chiffres 5 à 9 (PyTorch)")
plt.show()
_, exactitude_transfert = evaluer(transfert, test_loader, perte, appareil)
_, exactitude_zero = evaluer(zero, test_loader, perte, appareil)
print(f"Exactitude sur le test : transfert {exactitude_transfert:.2%}, "
      f"de zéro {exactitude_zero:.2%}")
# --8<-- [end:comparer]
