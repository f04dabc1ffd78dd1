# Les réseaux convolutifs — version PyTorch.
# Page : docs/entrainement/convolution.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page. Les
# fonctions NumPy (correlation2d, taille_sortie, max_pooling, parametres_conv…)
# et les filtres bord_vertical et bord_horizontal sont définis par les blocs hors
# onglets de la page, exécutés avant chaque section qui s'en sert.
# ruff: noqa: F821

# --8<-- [start:charger]
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

torch.manual_seed(0)

entrainement = datasets.MNIST(root="data", train=True, download=True)
test = datasets.MNIST(root="data", train=False, download=True)
# Les images sont déjà des tenseurs d'entiers (n, 28, 28) : un canal en premier
# axe et des pixels entre 0 et 1 donnent (n, 1, 28, 28), une fois pour toutes.
x_train = entrainement.data.unsqueeze(1).float() / 255
y_train = entrainement.targets
x_test = test.data.unsqueeze(1).float() / 255
y_test = test.targets
image = x_train[0, 0].numpy()        # la première image, un tableau NumPy 28 × 28
print(tuple(x_train.shape), tuple(x_test.shape), image.shape)
# --8<-- [end:charger]

# --8<-- [start:couche]
couche = nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3)  # 2 filtres 3 × 3
# Les poids PyTorch ont la forme (filtres, canaux d'entrée, hauteur, largeur).
poids = np.stack([bord_vertical, bord_horizontal])[:, np.newaxis, :, :]
with torch.no_grad():
    couche.weight.copy_(torch.from_numpy(poids))
    couche.bias.zero_()
    sortie = couche(torch.from_numpy(image)[None, None])  # un lot d'une image, un canal

np.testing.assert_allclose(sortie[0, 0].numpy(), carte_verticale, atol=1e-5)
np.testing.assert_allclose(sortie[0, 1].numpy(), carte_horizontale, atol=1e-5)
print("nn.Conv2d calcule les mêmes cartes que correlation2d :", tuple(sortie.shape))
# --8<-- [end:couche]

# --8<-- [start:tailles]
for k, s, p in [(3, 1, 0), (3, 1, 1), (3, 2, 1), (5, 2, 0), (5, 3, 2)]:
    essai = nn.Conv2d(1, 1, kernel_size=k, stride=s, padding=p)
    assert essai(torch.zeros(1, 1, 28, 28)).shape[-1] == taille_sortie(28, k, s, p), (k, s, p)
print("La formule donne la taille de sortie de nn.Conv2d dans les cinq cas.")
# --8<-- [end:tailles]

# --8<-- [start:pooling]
reduite = nn.MaxPool2d(kernel_size=2)(sortie)
np.testing.assert_allclose(reduite[0, 0].numpy(), max_pooling(carte_verticale), atol=1e-5)
print("nn.MaxPool2d :", tuple(sortie.shape), "→", tuple(reduite.shape))
# --8<-- [end:pooling]

# --8<-- [start:parametres]
for k, c, f in [(3, 1, 32), (3, 32, 64), (5, 3, 6), (1, 64, 16)]:
    couche = nn.Conv2d(in_channels=c, out_channels=f, kernel_size=k)
    assert sum(p.numel() for p in couche.parameters()) == parametres_conv(k, c, f), (k, c, f)
print("numel() confirme la formule dans les quatre cas.")
# --8<-- [end:parametres]

# --8<-- [start:dense]
dense = nn.Linear(28 * 28, 26 * 26 * 32)   # autant de sorties que Conv2d(1, 32, 3) sur 28 × 28
n_dense = sum(p.numel() for p in dense.parameters())
conv = nn.Conv2d(1, 32, 3)
n_conv = sum(p.numel() for p in conv.parameters())
print(f"Linear : {n_dense} paramètres ; Conv2d : {n_conv} ; rapport : {n_dense / n_conv:.0f}")
# --8<-- [end:dense]

# --8<-- [start:champ]
modele_champ = nn.Sequential(
    nn.Conv2d(1, 1, 3, bias=False),   # 26 × 26
    nn.Conv2d(1, 1, 3, bias=False),   # 24 × 24
    nn.AvgPool2d(2),  # 12 × 12 : la fenêtre d'un max pooling, mais un gradient partout
    nn.Conv2d(1, 1, 3, bias=False),   # 10 × 10
)
for module in modele_champ:
    if isinstance(module, nn.Conv2d):
        nn.init.ones_(module.weight)
entree = torch.ones(1, 1, 28, 28, requires_grad=True)
neurone = modele_champ(entree)[0, 0, 5, 5]        # un neurone au milieu de la sortie
neurone.backward()
lignes, colonnes = np.nonzero(entree.grad[0, 0].numpy())  # les pixels qui l'influencent
champ = int(lignes.max() - lignes.min() + 1)
print("Pixels d'entrée vus par le neurone :", champ, "×", colonnes.max() - colonnes.min() + 1)
# --8<-- [end:champ]

# --8<-- [start:modele]
appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=5), nn.ReLU(),    # 8 × 24 × 24
    nn.MaxPool2d(2),                              # 8 × 12 × 12
    nn.Conv2d(8, 16, kernel_size=3), nn.ReLU(),   # 16 × 10 × 10
    nn.MaxPool2d(2),                              # 16 × 5 × 5
    nn.Flatten(),                                 # 400 valeurs
    nn.Linear(16 * 5 * 5, 10),                    # des logits
).to(appareil)
print(model)
# --8<-- [end:modele]

# --8<-- [start:entrainer]
chargeur = DataLoader(TensorDataset(x_train, y_train), batch_size=128, shuffle=True)
perte = nn.CrossEntropyLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=1e-3)
epoques = 2
for epoque in range(epoques):
    model.train()
    somme = 0.0
    for x, y in chargeur:
        x, y = x.to(appareil), y.to(appareil)
        optimiseur.zero_grad()
        valeur = perte(model(x), y)
        valeur.backward()
        optimiseur.step()
        somme += valeur.item() * len(x)
    print(f"Époque {epoque + 1} : perte {somme / len(x_train):.4f}")

model.eval()
with torch.no_grad():
    justes = sum((model(x.to(appareil)).argmax(dim=1).cpu() == y).sum().item()
                 for x, y in zip(x_test.split(1000), y_test.split(1000), strict=True))
test_acc = justes / len(x_test)
print(f"Exactitude sur le test : {test_acc:.2%}")
# --8<-- [end:entrainer]

# --8<-- [start:filtres]
filtres = model[0].weight.detach().cpu().numpy()[:, 0]   # (8, 1, 5, 5) → (8, 5, 5)
afficher_images(filtres, [f"filtre {i + 1}" for i in range(8)], cmap="PuOr", colonnes=4)
plt.show()
# --8<-- [end:filtres]

# --8<-- [start:cartes]
with torch.no_grad():
    # convolution et ReLU : (8, 24, 24)
    cartes = model[:2](x_test[:1].to(appareil))[0].cpu().numpy()
afficher_images([x_test[0, 0].numpy(), *cartes], ["image"] + [f"carte {i + 1}" for i in range(8)],
                cmap=["gray"] + ["viridis"] * 8, colonnes=3)
plt.show()
# --8<-- [end:cartes]
