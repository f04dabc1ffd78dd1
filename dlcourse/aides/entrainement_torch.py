"""Une petite boucle d'entraînement PyTorch qui renvoie un historique à la Keras.

La section ``boucle`` (entre les marques ``--8<--``, avec son import de
PyTorch) est incluse telle quelle dans la page *Classifier les chiffres MNIST
avec un perceptron multicouche*, qui l'explique, puis dans un bloc repliable
de l'onglet PyTorch de chaque chapitre qui s'en sert (la section ``evaluer``
quand seule cette fonction sert) : le lecteur voit exactement ce code, qui
n'importe que PyTorch.
"""

# --8<-- [start:boucle]
# --8<-- [start:evaluer]
import torch


def evaluer(modele, chargeur, perte, appareil="cpu"):
    """Renvoie la perte moyenne et l'exactitude de ``modele`` sur ``chargeur``."""
    modele.eval()
    somme_pertes, bonnes, total = 0.0, 0, 0
    with torch.no_grad():
        for x, y in chargeur:
            x, y = x.to(appareil), y.to(appareil)
            sorties = modele(x)
            somme_pertes += perte(sorties, y).item() * len(y)
            bonnes += (sorties.argmax(dim=1) == y).sum().item()
            total += len(y)
    return somme_pertes / total, bonnes / total
# --8<-- [end:evaluer]


def entrainer(modele, chargeur_entrainement, chargeur_validation, perte, optimiseur,
              epoques, appareil="cpu", ordonnanceur=None):
    """Entraîne ``modele`` et renvoie l'historique, comme ``History.history`` de Keras.

    ``ordonnanceur`` (facultatif) fait évoluer le taux d'apprentissage : un pas par lot.
    """
    historique = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for epoque in range(1, epoques + 1):
        modele.train()
        somme_pertes, bonnes, total = 0.0, 0, 0
        for x, y in chargeur_entrainement:
            x, y = x.to(appareil), y.to(appareil)
            optimiseur.zero_grad()          # 1. remettre les gradients à zéro
            sorties = modele(x)             # 2. propagation avant
            valeur = perte(sorties, y)      # 3. calcul de la perte
            valeur.backward()               # 4. rétropropagation
            optimiseur.step()               # 5. mise à jour des poids
            if ordonnanceur is not None:    # (le taux suit son programme)
                ordonnanceur.step()
            somme_pertes += valeur.item() * len(y)
            bonnes += (sorties.argmax(dim=1) == y).sum().item()
            total += len(y)
        val_perte, val_exactitude = evaluer(modele, chargeur_validation, perte, appareil)
        historique["loss"].append(somme_pertes / total)
        historique["accuracy"].append(bonnes / total)
        historique["val_loss"].append(val_perte)
        historique["val_accuracy"].append(val_exactitude)
        print(f"Époque {epoque}/{epoques} - loss: {somme_pertes / total:.4f} - "
              f"accuracy: {bonnes / total:.4f} - val_loss: {val_perte:.4f} - "
              f"val_accuracy: {val_exactitude:.4f}")
    return historique
# --8<-- [end:boucle]
