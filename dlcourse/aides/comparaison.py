"""Comparer plusieurs entraînements sur une même figure.

Chaque variante d'un modèle (sans régularisation, avec *dropout*, avec
normalisation par lots…) donne un historique ; `tracer_comparaison` trace la
même métrique de validation pour toutes, époque par époque, et
`meilleures_valeurs` résume chaque variante par sa meilleure valeur.

Les pages montrent ce code au lecteur, inclus d'ici par les sections nommées
``--8<--`` : ``comparaison`` (les deux fonctions) et ``tracer_comparaison``
(la première seule). Ces sections utilisent ``plt``, `NOMS_METRIQUES` et
`historique_en_dict` de `dlcourse.aides.courbes` : une page les place après
la section ``tracer_courbes`` (ou ``historique_en_dict``) de ce module, dans le
même bloc. Ensemble, elles n'importent que matplotlib.
"""

import matplotlib.pyplot as plt

from dlcourse.aides.courbes import NOMS_METRIQUES, historique_en_dict

# --8<-- [start:comparaison]
# --8<-- [start:tracer_comparaison]
# Palette d'Okabe et Ito (sûre pour les daltoniens), doublée par le style de
# trait et le marqueur : une couleur, un trait et un marqueur par variante.
COULEURS = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7",
            "#F0E442")
_TRAITS = ("-", "--", "-.", ":")
_MARQUEURS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _valeurs(historiques, metrique):
    """``{nom de la variante: valeurs de la métrique}``, époque par époque."""
    if not isinstance(historiques, dict) or not historiques:
        raise ValueError("historiques : un dictionnaire non vide {nom de la variante: "
                         "historique} est attendu.")
    valeurs = {}
    for nom, historique in historiques.items():
        dictionnaire = historique_en_dict(historique)
        if metrique not in dictionnaire:
            raise KeyError(f"historiques[{nom!r}] : la métrique {metrique!r} est absente "
                           f"(disponibles : {', '.join(dictionnaire)}).")
        valeurs[str(nom)] = dictionnaire[metrique]
    return valeurs


def tracer_comparaison(historiques, metriques=("val_loss", "val_accuracy"), titre=None):
    """Trace, pour chaque métrique, une courbe par variante.

    Parameters
    ----------
    historiques : dict
        ``{nom de la variante: historique}`` ; un historique est un
        ``History`` de Keras ou un dictionnaire ``{métrique: valeurs}``
        (celui que renvoie la boucle ``entrainer`` en PyTorch). Les variantes
        peuvent avoir des nombres d'époques différents (arrêt précoce).
    metriques : str or sequence of str
        Les métriques à tracer, un graphique chacune (par défaut la perte et
        l'exactitude de validation).
    titre : str, optional
        Le titre de la figure.

    Returns
    -------
    matplotlib.figure.Figure
        Un graphique par métrique, une courbe par variante.

    Raises
    ------
    ValueError
        Si ``historiques`` est vide, ou s'il y a plus de variantes que de couleurs.
    KeyError
        Si une métrique manque dans un historique.
    """
    if isinstance(metriques, str):
        metriques = [metriques]
    if len(historiques) > len(COULEURS):
        raise ValueError(f"historiques : {len(historiques)} variantes, {len(COULEURS)} au plus.")
    # Deux graphiques par ligne au plus, dans la largeur d'une colonne de texte.
    colonnes = min(2, len(metriques))
    lignes = -(-len(metriques) // colonnes)
    figure, axes = plt.subplots(lignes, colonnes, figsize=(3.2 * colonnes, 3 * lignes),
                                squeeze=False, layout="constrained")
    for axe in axes.flat[len(metriques):]:
        axe.remove()  # une case vide (nombre impair de métriques)
    for rang, metrique in enumerate(metriques):
        axe = axes.flat[rang]
        for i, (nom, valeurs) in enumerate(_valeurs(historiques, metrique).items()):
            axe.plot(range(1, len(valeurs) + 1), valeurs, label=nom, color=COULEURS[i],
                     linestyle=_TRAITS[i % len(_TRAITS)], marker=_MARQUEURS[i], markersize=4)
        base = metrique.removeprefix("val_")
        nom_metrique = NOMS_METRIQUES.get(base, base)
        axe.set_title(f"{nom_metrique} (validation)" if metrique.startswith("val_")
                      else nom_metrique)
        axe.set_xlabel("Époque")
        axe.xaxis.get_major_locator().set_params(integer=True)
        axe.grid(True, alpha=0.3)
        axe.legend()
    if titre:
        figure.suptitle(titre)
    return figure
# --8<-- [end:tracer_comparaison]


def meilleures_valeurs(historiques, metrique="val_accuracy", plus_grand=True):
    """La meilleure valeur d'une métrique pour chaque variante.

    Parameters
    ----------
    historiques : dict
        Comme pour `tracer_comparaison`.
    metrique : str
        La métrique à résumer.
    plus_grand : bool
        ``True`` si une grande valeur est meilleure (exactitude), ``False``
        pour une perte.

    Returns
    -------
    dict[str, float]
        ``{nom de la variante: meilleure valeur}``, dans l'ordre des variantes.

    Raises
    ------
    ValueError
        Si ``historiques`` est vide.
    KeyError
        Si la métrique manque dans un historique.
    """
    choisir = max if plus_grand else min
    return {nom: choisir(valeurs)
            for nom, valeurs in _valeurs(historiques, metrique).items()}
# --8<-- [end:comparaison]
