# Classifier les chiffres MNIST avec un perceptron multicouche — version PyTorch.
# Page : docs/entrainement/mnist-mlp.md (onglets « PyTorch »).
# Chaque section entre marques --8<-- est incluse telle quelle dans la page ; la
# page définit aussi grille_images, tracer_courbes et la boucle d'entraînement
# (entrainer, evaluer), incluses de dlcourse/aides : ce fichier n'est qu'un fragment.

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
print(mnist_train.data.shape, mnist_train.data.dtype, mnist_train.targets[:10].tolist())
print(mnist_test.data.shape)
# --8<-- [end:charger]

# --8<-- [start:normaliser]
x_train_complet = mnist_train.data.float() / 255.0  # une fois pour toutes, tout le tenseur
x_test = mnist_test.data.float() / 255.0
print(x_train_complet.min().item(), x_train_complet.max().item())
# --8<-- [end:normaliser]

# --8<-- [start:valider]
train_set, val_set = random_split(TensorDataset(x_train_complet, mnist_train.targets),
                                  [0.9, 0.1], generator=torch.Generator().manual_seed(42))
test_set = TensorDataset(x_test, mnist_test.targets)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=256)
test_loader = DataLoader(test_set, batch_size=256)
print(len(train_set), "images d'entraînement,", len(val_set), "de validation,",
      len(test_set), "de test")
# --8<-- [end:valider]

# --8<-- [start:images]
images, etiquettes = next(iter(DataLoader(train_set, batch_size=20)))
grille_images(images, etiquettes, colonnes=10)
plt.show()
# --8<-- [end:images]

# --8<-- [start:modele]
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.couches = nn.Sequential(
            nn.Flatten(),
            nn.Linear(28 * 28, 128),
            nn.ReLU(),
            nn.Linear(128, 10),  # des logits : la softmax est dans la perte
        )

    def forward(self, x):
        return self.couches(x)


appareil = "cuda" if torch.cuda.is_available() else "cpu"  # le GPU s'il y en a un
model = MLP().to(appareil)
print(model)
print("Paramètres :", sum(p.numel() for p in model.parameters()))
# --8<-- [end:modele]

# --8<-- [start:compiler]
perte = nn.CrossEntropyLoss()
optimiseur = torch.optim.Adam(model.parameters(), lr=1e-3)
# --8<-- [end:compiler]

# --8<-- [start:entrainer]
historique = entrainer(model, train_loader, val_loader, perte, optimiseur, epoques=10,
                       appareil=appareil)
# --8<-- [end:entrainer]

# --8<-- [start:courbes]
tracer_courbes(historique, titre="MLP PyTorch sur MNIST")
plt.show()
# --8<-- [end:courbes]

# --8<-- [start:evaluer]
test_loss, test_acc = evaluer(model, test_loader, perte, appareil)
print(f"Perte sur le test : {test_loss:.4f} — exactitude : {test_acc:.2%}")
# --8<-- [end:evaluer]

# --8<-- [start:predire]
images_test, etiquettes_test = next(iter(test_loader))
model.eval()
with torch.no_grad():
    logits = model(images_test[:10].to(appareil)).cpu()
probabilites = torch.softmax(logits, dim=1)
print(probabilites.shape)
classes = logits.argmax(dim=1)
print("prédit :", classes.tolist())
print("vrai   :", etiquettes_test[:10].tolist())
# --8<-- [end:predire]

# --8<-- [start:sauver]
torch.save(model.state_dict(), "mnist_mlp.pt")
modele_recharge = MLP().to(appareil)
modele_recharge.load_state_dict(torch.load("mnist_mlp.pt", weights_only=True))
modele_recharge.eval()
with torch.no_grad():
    torch.testing.assert_close(modele_recharge(images_test[:10].to(appareil)).cpu(), logits)
print("Le modèle rechargé donne les mêmes prédictions.")
# --8<-- [end:sauver]
