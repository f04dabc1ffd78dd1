"""Afficher des images en grille, avec leurs étiquettes et les prédictions.

Les pages montrent ce code au lecteur : la section ``grille_images`` (entre les
marques ``--8<--``) est incluse telle quelle dans les pages *Augmenter les
données*, *Classifier les chiffres MNIST avec un perceptron multicouche* et
*Classifier les chiffres MNIST avec un réseau convolutif* ; elle n'importe que
NumPy et matplotlib.
"""

# --8<-- [start:grille_images]
import matplotlib.pyplot as plt
import numpy as np

COULEUR_ERREUR = "#D55E00"  # vermillon (palette de Wong) pour les prédictions fausses


def _en_tableau(images):
    """Les images en tableau NumPy ``(n, hauteur, largeur)`` (tenseur PyTorch accepté)."""
    tableau = np.asarray(images.detach().cpu() if hasattr(images, "detach") else images)
    if tableau.ndim == 4 and 1 in (tableau.shape[1], tableau.shape[-1]):
        tableau = tableau.squeeze(axis=1 if tableau.shape[1] == 1 else -1)
    if tableau.ndim != 3:
        raise ValueError(
            "images : une pile d'images en niveaux de gris (n, hauteur, largeur) est attendue, "
            f"pas un tableau de forme {tableau.shape}."
        )
    return tableau


def grille_images(images, etiquettes=None, predictions=None, noms_classes=None, colonnes=5):
    """Affiche des images en grille ; les erreurs de prédiction sont en couleur.

    Parameters
    ----------
    images : array-like
        Des images en niveaux de gris : ``(n, h, l)``, ``(n, 1, h, l)``
        (PyTorch) ou ``(n, h, l, 1)`` (Keras). Tableau NumPy ou tenseur.
    etiquettes : array-like, optional
        Les vraies classes (entiers), une par image.
    predictions : array-like, optional
        Les classes prédites ; une prédiction fausse est écrite en vermillon
        avec la vraie classe entre parenthèses.
    noms_classes : sequence of str, optional
        Le nom de chaque classe (sinon le numéro est affiché).
    colonnes : int
        Le nombre d'images par ligne.

    Returns
    -------
    matplotlib.figure.Figure
        La figure de la grille.

    Raises
    ------
    ValueError
        Si les formes ne conviennent pas ou si les longueurs diffèrent.
    """
    tableau = _en_tableau(images)
    n = len(tableau)
    if n == 0:
        raise ValueError("images : la pile est vide, rien à afficher.")
    if colonnes < 1:
        raise ValueError(f"colonnes : un entier positif est attendu, pas {colonnes!r}.")
    listes = {}
    for nom, valeurs in (("etiquettes", etiquettes), ("predictions", predictions)):
        if valeurs is not None:
            valeurs = np.asarray(valeurs.cpu() if hasattr(valeurs, "cpu") else valeurs).ravel()
            if len(valeurs) != n:
                raise ValueError(f"{nom} : {len(valeurs)} valeurs pour {n} images.")
            listes[nom] = valeurs.astype(int)

    def nom_de(classe):
        return noms_classes[classe] if noms_classes is not None else str(classe)

    lignes = -(-n // colonnes)
    # Toute la grille dans la largeur d'une colonne de texte (6,4 pouces au plus) :
    # affichée sans être réduite, ses étiquettes restent lisibles.
    case = min(1.6, 6.4 / colonnes)
    figure, axes = plt.subplots(lignes, colonnes, figsize=(case * colonnes, (case + 0.3) * lignes),
                                squeeze=False, layout="constrained")
    for i, axe in enumerate(axes.flat):
        axe.axis("off")
        if i >= n:
            continue
        axe.imshow(tableau[i], cmap="gray_r")
        if "predictions" in listes:
            predite = int(listes["predictions"][i])
            texte, couleur = nom_de(predite), "black"
            if "etiquettes" in listes and predite != listes["etiquettes"][i]:
                texte = f"{texte} ({nom_de(int(listes['etiquettes'][i]))})"
                couleur = COULEUR_ERREUR
            axe.set_title(texte, color=couleur, fontsize=10)
        elif "etiquettes" in listes:
            axe.set_title(nom_de(int(listes["etiquettes"][i])), fontsize=10)
    return figure
# --8<-- [end:grille_images]
