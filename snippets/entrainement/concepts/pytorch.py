# Concepts d'entraînement : comparer des optimiseurs — version PyTorch.
# Page : docs/entrainement/concepts.md (onglets « PyTorch »).
# entrainer est définie par la page (bloc repliable inclus de
# dlcourse/aides/entrainement_torch.py) : ce fichier n'est qu'un fragment.

# --8<-- [start:donnees]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

mnist = datasets.MNIST("data", train=True, download=True)
x_sous = mnist.data[:12000].float() / 255.0  # un sous-ensemble : 12 000 images
y_sous = mnist.targets[:12000]
n_val = len(x_sous) // 5                     # les 20 % derniers pour la validation
entrainement = TensorDataset(x_sous[:-n_val], y_sous[:-n_val])
validation = TensorDataset(x_sous[-n_val:], y_sous[-n_val:])
print(x_sous.shape)
# --8<-- [end:donnees]

# --8<-- [start:modele]
def mlp_300_100():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 300), nn.ReLU(),
        nn.Linear(300, 100), nn.ReLU(),
        nn.Linear(100, 10),
    )
# --8<-- [end:modele]

# --8<-- [start:optimiseurs]
optimiseurs = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.01),
    "SGD + momentum": lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.9),  # alpha = rho de Keras
    "Adam": lambda p: torch.optim.Adam(p, lr=1e-3),
}
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
historiques = {}
for nom, creer_optimiseur in optimiseurs.items():
    torch.manual_seed(42)  # les mêmes poids de départ et le même ordre des lots pour chacun
    model = mlp_300_100().to(appareil)
    print(nom)
    historiques[nom] = entrainer(
        model, DataLoader(entrainement, batch_size=32, shuffle=True),
        DataLoader(validation, batch_size=256), nn.CrossEntropyLoss(),
        creer_optimiseur(model.parameters()), epoques=5, appareil=appareil)
# --8<-- [end:optimiseurs]
