# Créer des modèles : le réseau 300-100-10 en PyTorch, jumeau de keras.py.
# Page : docs/pytorch/modeles.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page.

# --8<-- [start:importer]
import torch
from torch import nn

torch.manual_seed(42)
# --8<-- [end:importer]

# --8<-- [start:sequentiel]
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 300),
    nn.ReLU(),
    nn.Linear(300, 100),
    nn.ReLU(),
    nn.Linear(100, 10),  # des logits : la softmax viendra avec la perte
)
sortie = model(torch.zeros(32, 1, 28, 28))
print(sortie.shape)
# --8<-- [end:sequentiel]

# --8<-- [start:classe]
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.aplatir = nn.Flatten()
        self.cachee_1 = nn.Linear(28 * 28, 300)
        self.cachee_2 = nn.Linear(300, 100)
        self.sortie = nn.Linear(100, 10)

    def forward(self, x):
        x = self.aplatir(x)
        x = torch.relu(self.cachee_1(x))
        x = torch.relu(self.cachee_2(x))
        return self.sortie(x)


model_classe = MLP()
print(model_classe(torch.zeros(32, 1, 28, 28)).shape)
# --8<-- [end:classe]

# --8<-- [start:compter]
n_parametres = sum(p.numel() for p in model.parameters())
print(n_parametres, sum(p.numel() for p in model_classe.parameters()))
for nom, module in model.named_children():
    print(f"{nom:3} {type(module).__name__:8} {sum(p.numel() for p in module.parameters()):>8}")
# --8<-- [end:compter]

# --8<-- [start:poids]
couche = model[1]
print("poids :", tuple(couche.weight.shape), "— biais :", tuple(couche.bias.shape))
print("biais initiaux nuls :", bool((couche.bias == 0).all()))
for nom, parametre in model.named_parameters():
    print(f"{nom:10} {tuple(parametre.shape)}")
# --8<-- [end:poids]
