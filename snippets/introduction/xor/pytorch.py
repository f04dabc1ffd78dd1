# Le XOR appris par un petit perceptron multicouche — version PyTorch.
# Page : docs/introduction/xor.md (onglets « PyTorch ») ; test : tests/introduction/test_xor.py.

# --8<-- [start:modele]
import torch
from torch import nn

torch.manual_seed(42)

X = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float32)

model = nn.Sequential(
    nn.Linear(2, 8),
    nn.Tanh(),        # la couche cachée : 8 neurones
    nn.Linear(8, 1),  # la sortie : un logit (la sigmoïde est dans la perte)
)
perte_fn = nn.BCEWithLogitsLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=0.05)
# --8<-- [end:modele]

# --8<-- [start:entrainer]
for _ in range(300):  # les 4 points à chaque pas
    optimiseur.zero_grad()
    perte = perte_fn(model(X), y)
    perte.backward()
    optimiseur.step()

with torch.no_grad():
    probabilites = torch.sigmoid(model(X)).ravel()
    perte = perte_fn(model(X), y).item()
classes = (probabilites > 0.5).int()
exactitude = (classes == y.ravel().int()).float().mean().item()
print("probabilités :", probabilites.numpy().round(3))
print("classes      :", classes.numpy())
print(f"perte : {perte:.4f} — exactitude : {exactitude:.0%}")
# --8<-- [end:entrainer]
