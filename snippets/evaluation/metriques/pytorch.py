# Métriques d'évaluation — version PyTorch (le modèle, et les métriques calculées avec torch).
# Page : docs/evaluation/metriques.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ;
# entrainer est définie par la page (bloc repliable inclus de
# dlcourse/aides/entrainement_torch.py) : ce fichier n'est qu'un fragment.

# --8<-- [start:modele]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets

torch.manual_seed(42)
fashion_train = datasets.FashionMNIST("data", train=True, download=True)
fashion_test = datasets.FashionMNIST("data", train=False, download=True)
# Des réels entre 0 et 1, convertis une fois pour toutes (pas de transform= image par image).
x_train, x_test = fashion_train.data.float() / 255, fashion_test.data.float() / 255
train_set, val_set = random_split(TensorDataset(x_train, fashion_train.targets), [0.9, 0.1],
                                  generator=torch.Generator().manual_seed(42))

appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(),
                      nn.Linear(128, 10)).to(appareil)
entrainer(model, DataLoader(train_set, batch_size=64, shuffle=True),
          DataLoader(val_set, batch_size=1000), nn.CrossEntropyLoss(),
          torch.optim.Adam(model.parameters(), lr=1e-3), epoques=3, appareil=appareil)

model.eval()
with torch.no_grad():
    logits = model(x_test.to(appareil)).cpu()      # tout le test en un seul lot
y_test = fashion_test.targets.numpy()
y_pred = logits.argmax(dim=1).numpy()              # la classe au plus grand logit
print("Exactitude sur le test :", (y_pred == y_test).mean())
# --8<-- [end:modele]

# --8<-- [start:metriques]
vraies, predites = torch.as_tensor(y_test), torch.as_tensor(y_pred)
# matrice de confusion : ligne = vraie classe, colonne = classe prédite
confusion = torch.bincount(vraies * 10 + predites, minlength=100).reshape(10, 10)
vp = confusion.diag().double()                     # vrais positifs de chaque classe
precision = vp / confusion.sum(dim=0)              # parmi les prédits k, combien sont k
rappel = vp / confusion.sum(dim=1)                 # parmi les vrais k, combien sont trouvés
f1 = 2 * precision * rappel / (precision + rappel)
print(f"{'exactitude':>22} : {vp.sum() / confusion.sum():.4f}")
print(f"{'précision (classe 6)':>22} : {precision[6]:.4f}")
print(f"{'rappel (classe 6)':>22} : {rappel[6]:.4f}")
print(f"{'F1 macro':>22} : {f1.nan_to_num().mean():.4f}")
# --8<-- [end:metriques]
