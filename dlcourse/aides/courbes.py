"""Tracer les courbes d'apprentissage d'un entraînement.

Les pages montrent ce code au lecteur, inclus d'ici par les sections nommées
``--8<--`` ; il n'importe que matplotlib :

- ``tracer_courbes`` : tout le module (l'import, `NOMS_METRIQUES`,
  `historique_en_dict` et `tracer_courbes`) ;
- ``historique_en_dict`` : l'import, `NOMS_METRIQUES` et `historique_en_dict`,
  ce qu'il faut placer avant la section ``tracer_comparaison`` de
  `dlcourse.aides.comparaison` quand une page ne trace pas de courbes.
"""

# --8<-- [start:tracer_courbes]
# --8<-- [start:historique_en_dict]
import matplotlib.pyplot as plt

# Les titres français des métriques connues ; les autres gardent leur nom.
NOMS_METRIQUES = {
    "loss": "Perte",
    "accuracy": "Exactitude",
    "mae": "Erreur absolue moyenne",
    "mse": "Erreur quadratique moyenne",
    "root_mean_squared_error": "Racine de l'erreur quadratique moyenne",
}


def historique_en_dict(historique):
    """Renvoie l'historique sous forme de dictionnaire ``{métrique: valeurs}``.

    Parameters
    ----------
    historique : keras.callbacks.History or dict
        L'objet renvoyé par ``model.fit`` de Keras, ou un dictionnaire de
        même forme (celui que renvoie la boucle ``entrainer`` en PyTorch).

    Returns
    -------
    dict[str, list[float]]
        Une liste de valeurs (une par époque) par métrique.

    Raises
    ------
    TypeError
        Si ``historique`` n'est ni un ``History`` ni un dictionnaire.
    ValueError
        S'il est vide ou si ses listes n'ont pas toutes la même longueur.
    """
    brut = getattr(historique, "history", historique)  # History.history est un dictionnaire
    if not isinstance(brut, dict):
        raise TypeError(
            "historique : un History de Keras ou un dictionnaire {métrique: valeurs} est "
            f"attendu, pas {type(historique).__name__}."
        )
    resultat = {str(cle): [float(v) for v in valeurs] for cle, valeurs in brut.items()}
    longueurs = {len(v) for v in resultat.values()}
    if not resultat or longueurs == {0}:
        raise ValueError("historique : il est vide, aucune époque à tracer.")
    if len(longueurs) != 1:
        raise ValueError(f"historique : les métriques n'ont pas le même nombre d'époques "
                         f"({sorted(longueurs)}).")
    return resultat
# --8<-- [end:historique_en_dict]


# Deux couleurs sûres pour les daltoniens (bleu et orange de la palette de
# Wong), doublées par le style de trait et le marqueur.
_STYLES = {
    "entrainement": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "validation": {"color": "#E69F00", "linestyle": "--", "marker": "s"},
}


def tracer_courbes(historique, titre=None, metriques=None):
    """Trace une courbe par métrique : entraînement et validation, époque par époque.

    Parameters
    ----------
    historique : keras.callbacks.History or dict
        Voir ``historique_en_dict``.
    titre : str, optional
        Le titre de la figure.
    metriques : list of str, optional
        Les métriques à tracer (par défaut la perte ``loss`` puis toutes
        celles qui ne commencent pas par ``val_``, dans l'ordre de
        l'historique).

    Returns
    -------
    matplotlib.figure.Figure
        Une figure avec un graphique par métrique. Chaque axe des ordonnées
        s'ajuste aux valeurs (pas d'échelle imposée entre 0 et 1).

    Raises
    ------
    KeyError
        Si une métrique demandée n'est pas dans l'historique.
    """
    valeurs = historique_en_dict(historique)
    if metriques is None:  # la perte d'abord, puis les autres dans l'ordre de l'historique
        metriques = sorted((cle for cle in valeurs if not cle.startswith("val_")),
                           key=lambda cle: cle != "loss")
    absentes = [m for m in metriques if m not in valeurs]
    if absentes:
        raise KeyError(f"metriques : {', '.join(absentes)} absente(s) de l'historique "
                       f"(disponibles : {', '.join(valeurs)}).")
    # Deux graphiques par ligne au plus, dans la largeur d'une colonne de texte
    # (6,4 pouces) : affichée sans être réduite, la figure garde un texte lisible.
    colonnes = min(2, len(metriques))
    lignes = -(-len(metriques) // colonnes)
    figure, axes = plt.subplots(lignes, colonnes, figsize=(3.2 * colonnes, 2.8 * lignes),
                                squeeze=False, layout="constrained")
    for axe in axes.flat[len(metriques):]:
        axe.remove()  # une case vide (nombre impair de métriques)
    for rang, metrique in enumerate(metriques):
        axe = axes.flat[rang]
        epoques = range(1, len(valeurs[metrique]) + 1)
        axe.plot(epoques, valeurs[metrique], label="entraînement", **_STYLES["entrainement"])
        if f"val_{metrique}" in valeurs:
            axe.plot(epoques, valeurs[f"val_{metrique}"], label="validation",
                     **_STYLES["validation"])
        axe.set_title(NOMS_METRIQUES.get(metrique, metrique))
        axe.set_xlabel("Époque")
        axe.xaxis.get_major_locator().set_params(integer=True)  # des époques entières
        axe.grid(True, alpha=0.3)
        axe.legend()
    if titre:
        figure.suptitle(titre)
    return figure
# --8<-- [end:tracer_courbes]
