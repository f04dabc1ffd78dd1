# Classifier les chiffres MNIST avec un réseau convolutif — version PyTorch.
# Page : docs/entrainement/mnist-cnn.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi entrainer, evaluer, tracer_courbes et grille_images (blocs
# repliables inclus de dlcourse/aides) : ce fichier n'est qu'un fragment.

# --8<-- [start:importer]
import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets

torch.manual_seed(42)
# --8<-- [end:importer]

# --8<-- [start:charger]
mnist_train = datasets.MNIST("data", train=True, download=True)
mnist_test = datasets.MNIST("data", train=False, download=True)
# Des réels entre 0 et 1, un canal en premier axe : (n, 28, 28) devient (n, 1, 28, 28).
x_train_complet = mnist_train.data.unsqueeze(1).float() / 255.0
x_test = mnist_test.data.unsqueeze(1).float() / 255.0
train_set, val_set = random_split(TensorDataset(x_train_complet, mnist_train.targets),
                                  [0.9, 0.1], generator=torch.Generator().manual_seed(42))
test_set = TensorDataset(x_test, mnist_test.targets)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=1000)   # sans gradient, de grands lots
test_loader = DataLoader(test_set, batch_size=1000)
print(len(train_set), len(val_set), len(test_set), x_train_complet.shape)
# --8<-- [end:charger]

# --8<-- [start:modele]
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.couches = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3),    # 16 × 26 × 26
            nn.MaxPool2d(2), nn.ReLU(),         # 16 × 13 × 13
            nn.Conv2d(16, 64, kernel_size=3),   # 64 × 11 × 11
            nn.MaxPool2d(2), nn.ReLU(),         # 64 × 5 × 5
            nn.Flatten(),                       # 1 600 valeurs
            nn.Linear(64 * 5 * 5, 128), nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(128, 10),                 # des logits
        )

    def forward(self, x):
        return self.couches(x)


appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
# Les canaux rangés en dernier en mémoire, comme en Keras : des convolutions plus rapides.
model = CNN().to(appareil, memory_format=torch.channels_last)
print(model)
# --8<-- [end:modele]

# --8<-- [start:compiler]
epoques = 5
perte = nn.CrossEntropyLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=2e-3)
# Le taux part de 2e-3 et descend jusqu'à 0 en suivant un demi-cosinus, lot après lot.
ordonnanceur = torch.optim.lr_scheduler.CosineAnnealingLR(
    optimiseur, T_max=epoques * len(train_loader))  # nombre total de lots
# --8<-- [end:compiler]

# --8<-- [start:entrainer]
historique = entrainer(model, train_loader, val_loader, perte, optimiseur, epoques=epoques,
                       appareil=appareil, ordonnanceur=ordonnanceur)
# --8<-- [end:entrainer]

# --8<-- [start:courbes]
tracer_courbes(historique, titre="CNN PyTorch sur MNIST")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
test_loss, test_acc = evaluer(model, test_loader, perte, appareil)
print(f"Perte sur le test : {test_loss:.4f} — exactitude : {test_acc:.2%}")
# --8<-- [end:evaluer]

# --8<-- [start:une_image]
image, vrai = x_test[0], int(mnist_test.targets[0])  # forme (1, 28, 28)
model.eval()
with torch.no_grad():
    logits = model(image.unsqueeze(0).to(appareil))  # un lot d'une image
probabilites = torch.softmax(logits, dim=1)[0].cpu()
chiffre_predit = int(probabilites.argmax())
plt.figure(figsize=(3, 3))
plt.imshow(image.squeeze(), cmap="gray")
plt.title(f"Prédit : {chiffre_predit} (vrai : {vrai})")
plt.axis("off")
plt.show()
print(f"Le chiffre prédit est {chiffre_predit}, avec une probabilité de {probabilites.max():.3f}")
# --8<-- [end:une_image]

# --8<-- [start:grille]
with torch.no_grad():
    lots = [(x, y, model(x.to(appareil)).argmax(dim=1).cpu()) for x, y in test_loader]
images_test, vraies, predictions = (torch.cat(t) for t in zip(*lots, strict=True))
erreurs = torch.nonzero(predictions != vraies).flatten()
print(len(erreurs), "erreurs sur", len(vraies), "images de test")
# Les 10 premières images de test, puis les 20 premières erreurs (en couleur).
choix = torch.cat([torch.arange(10), erreurs[:20]])
grille_images(images_test[choix], vraies[choix], predictions[choix], colonnes=10)
plt.show()
# --8<-- [end:grille]

# --8<-- [start:sauver]
torch.save(model.state_dict(), "mnist_cnn.pt")
modele_recharge = CNN().to(appareil)
modele_recharge.load_state_dict(torch.load("mnist_cnn.pt", weights_only=True))
modele_recharge.eval()
dix = images_test[:10].to(appareil)
with torch.no_grad():
    torch.testing.assert_close(modele_recharge(dix), model(dix))
print("Le modèle rechargé donne les mêmes prédictions.")
# --8<-- [end:sauver]
