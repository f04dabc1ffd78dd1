"""Dessiner les schémas des réseaux de neurones (neurone, perceptron, MLP, XOR).

Les schémas du livre sont dessinés par matplotlib, au moment de la
construction des figures : aucune image externe. Une page les affiche en une
ligne (``schema_reseau([2, 3, 1])`` puis ``plt.show()``).

Chaque page montre au lecteur le code des fonctions qu'elle appelle, inclus
d'ici par les sections nommées ``--8<--`` : ce code n'importe que matplotlib.
Les sections se composent dans l'ordre du fichier :

- ``palette`` : l'import de matplotlib et les couleurs ;
- ``dessin`` : la palette et les fonctions de dessin communes (neurone, flèche) ;
- ``schema_neurone``, ``schema_reseau`` et ``schema_mcculloch_pitts`` viennent
  après ``dessin`` ; ``schema_perceptron`` et ``schema_xor`` après ``dessin``
  et ``schema_reseau`` ; ``frise_chronologique`` après ``palette``.

Pages qui les utilisent : ``docs/introduction/histoire.md``
(`frise_chronologique`), ``docs/introduction/neurone.md`` (`schema_neurone`,
`schema_mcculloch_pitts`), ``docs/introduction/perceptron.md``
(`schema_perceptron`), ``docs/introduction/xor.md`` (`schema_xor`) et
``docs/introduction/retropropagation.md`` (`schema_reseau`).
"""

# --8<-- [start:dessin]
# --8<-- [start:palette]
import matplotlib.pyplot as plt

# Palette d'Okabe et Ito, sûre pour les daltoniens.
BLEU = "#0072B2"
ORANGE = "#E69F00"
VERT = "#009E73"
VERMILLON = "#D55E00"
GRIS = "#555555"
# --8<-- [end:palette]

RAYON = 0.28  # le rayon d'un neurone, en unités du dessin


def _axes(ax, taille):
    """La figure et les axes où dessiner (une nouvelle figure si ``ax`` vaut None)."""
    if ax is None:
        figure, ax = plt.subplots(figsize=taille)
    else:
        figure = ax.figure
    ax.set_aspect("equal")
    ax.axis("off")
    return figure, ax


def _noeud(ax, xy, texte, couleur, carre=False, rayon=RAYON):
    """Un neurone : un cercle (un carré pour un biais) et son texte au centre."""
    if carre:
        forme = plt.Rectangle((xy[0] - rayon, xy[1] - rayon), 2 * rayon, 2 * rayon,
                              facecolor="white", edgecolor=couleur, linewidth=2, zorder=3)
    else:
        forme = plt.Circle(xy, rayon, facecolor="white", edgecolor=couleur, linewidth=2,
                           zorder=3)
    ax.add_patch(forme)
    ax.text(xy[0], xy[1], texte, ha="center", va="center", fontsize=11, zorder=4)


def _fleche(ax, depart, arrivee, couleur=GRIS, etiquette=None, position=0.35,
            rayons=(RAYON, RAYON)):
    """Une flèche du bord d'un nœud au bord d'un autre, avec une étiquette facultative."""
    (x0, y0), (x1, y1) = depart, arrivee
    longueur = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / longueur, (y1 - y0) / longueur  # la direction de la flèche
    debut = (x0 + rayons[0] * ux, y0 + rayons[0] * uy)
    fin = (x1 - rayons[1] * ux, y1 - rayons[1] * uy)
    ax.annotate("", xy=fin, xytext=debut,
                arrowprops={"arrowstyle": "-|>", "color": couleur, "linewidth": 1.3,
                            "shrinkA": 0, "shrinkB": 0, "mutation_scale": 12}, zorder=2)
    if etiquette:
        x = debut[0] + position * (fin[0] - debut[0])
        y = debut[1] + position * (fin[1] - debut[1])
        ax.text(x, y, etiquette, ha="center", va="center", fontsize=10, zorder=5,
                color=couleur,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
# --8<-- [end:dessin]


# --8<-- [start:schema_neurone]
def schema_neurone(n_entrees=3, activation=r"$\varphi$", ax=None):
    """Le neurone artificiel : entrées, poids, somme pondérée, biais, activation.

    Parameters
    ----------
    n_entrees : int
        Le nombre d'entrées $x_1, \\dots, x_n$ dessinées (de 1 à 6).
    activation : str
        Le nom de la fonction d'activation écrit dans le neurone.
    ax : matplotlib.axes.Axes, optional
        Où dessiner ; par défaut une nouvelle figure.

    Returns
    -------
    matplotlib.figure.Figure
        La figure du schéma.

    Raises
    ------
    ValueError
        Si ``n_entrees`` n'est pas un entier entre 1 et 6.
    """
    if isinstance(n_entrees, bool) or not isinstance(n_entrees, int) or not 1 <= n_entrees <= 6:
        raise ValueError(f"n_entrees : un entier entre 1 et 6 est attendu, pas {n_entrees!r}.")
    figure, ax = _axes(ax, (7, 3.6))
    ys = [0.55 * (n_entrees - 1) - 1.1 * i for i in range(n_entrees)]  # de haut en bas
    somme, phi, sortie = (2.6, 0.0), (4.1, 0.0), (5.6, 0.0)
    for i, y in enumerate(ys, start=1):
        _noeud(ax, (0.0, y), f"$x_{i}$", BLEU)
        _fleche(ax, (0.0, y), somme, etiquette=f"$w_{i}$", position=0.45, rayons=(RAYON, 0.4))
    ax.add_patch(plt.Circle(somme, 0.4, facecolor="white", edgecolor=ORANGE, linewidth=2,
                            zorder=3))
    ax.text(*somme, r"$\Sigma$", ha="center", va="center", fontsize=16, zorder=4)
    _noeud(ax, (somme[0], -1.5), "$b$", VERT, carre=True)
    _fleche(ax, (somme[0], -1.5), somme, rayons=(RAYON, 0.4))
    _fleche(ax, somme, phi, etiquette="$z$", position=0.5, rayons=(0.4, 0.4))
    ax.add_patch(plt.Rectangle((phi[0] - 0.4, -0.4), 0.8, 0.8, facecolor="white",
                               edgecolor=ORANGE, linewidth=2, zorder=3))
    ax.text(*phi, activation, ha="center", va="center", fontsize=14, zorder=4)
    _fleche(ax, phi, sortie, rayons=(0.4, 0.05))
    ax.text(sortie[0] + 0.1, 0, r"$\hat{y}$", ha="left", va="center", fontsize=14)
    ax.text(somme[0], 0.75, r"$z = \sum_i w_i x_i + b$", ha="center", fontsize=11)
    ax.text(phi[0] + 0.3, 0.75, r"$\hat{y} = \varphi(z)$", ha="center", fontsize=11)
    ax.text(0, max(ys) + 0.6, "entrées", ha="center", fontsize=10, color=GRIS)
    ax.set_xlim(-0.6, 6.3)
    ax.set_ylim(min(*ys, -1.5) - 0.5, max(ys) + 1.0)
    return figure
# --8<-- [end:schema_neurone]


# --8<-- [start:schema_reseau]
def schema_reseau(couches, *, noms_couches=None, biais=True, etiquettes_neurones=None,
                  poids=None, titre=None, ax=None):
    """Un réseau dense, couche par couche, avec ses neurones de biais.

    Parameters
    ----------
    couches : sequence of int
        Le nombre de neurones de chaque couche, de l'entrée à la sortie
        (au moins deux couches, de 1 à 8 neurones chacune).
    noms_couches : sequence of str, optional
        Le nom écrit sous chaque couche (par défaut « entrée », « cachée 1 »…,
        « sortie »).
    biais : bool
        Dessiner un neurone de biais (carré, valeur 1) dans chaque couche sauf
        la sortie, relié à tous les neurones de la couche suivante.
    etiquettes_neurones : sequence of sequence of str, optional
        Le texte de chaque neurone, couche par couche.
    poids : dict, optional
        Des étiquettes de connexions : ``{(couche, source, cible): texte}``,
        où ``couche`` est l'indice de la couche de départ, ``source`` l'indice
        du neurone de départ ou ``"biais"``, ``cible`` celui d'arrivée. Ces
        connexions sont dessinées en vermillon.
    titre : str, optional
        Le titre du schéma.
    ax : matplotlib.axes.Axes, optional
        Où dessiner ; par défaut une nouvelle figure.

    Returns
    -------
    matplotlib.figure.Figure
        La figure du schéma.

    Raises
    ------
    ValueError
        Si une taille de couche, un nom, une étiquette ou une clé de ``poids``
        ne correspond pas au réseau.
    """
    couches = list(couches)
    if len(couches) < 2:
        raise ValueError(f"couches : au moins deux couches sont attendues, pas {couches!r}.")
    for n in couches:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 8:
            raise ValueError(f"couches : chaque couche a de 1 à 8 neurones ; {n!r} ne convient "
                             "pas.")
    if noms_couches is None:
        noms_couches = (["entrée"] + [f"cachée {i}" for i in range(1, len(couches) - 1)]
                        + ["sortie"])
    if len(noms_couches) != len(couches):
        raise ValueError(f"noms_couches : {len(couches)} noms attendus, {len(noms_couches)} reçus.")
    if etiquettes_neurones is not None and [len(e) for e in etiquettes_neurones] != couches:
        raise ValueError("etiquettes_neurones : une étiquette par neurone est attendue, couche "
                         f"par couche ({couches}).")
    poids = dict(poids or {})
    for cle in poids:
        couche, source, cible = cle
        valide = (0 <= couche < len(couches) - 1 and 0 <= cible < couches[couche + 1]
                  and (source == "biais" and biais
                       or isinstance(source, int) and 0 <= source < couches[couche]))
        if not valide:
            raise ValueError(f"poids : la connexion {cle!r} n'existe pas dans ce réseau.")

    hauteur = max(couches) + (1 if biais else 0)
    figure, ax = _axes(ax, (1.9 * len(couches) + 1.2, 0.75 * hauteur + 1.6))
    dx = 2.0  # l'écart horizontal entre deux couches

    def position(couche, i):
        return couche * dx, (couches[couche] - 1) / 2 - i

    def position_biais(couche):
        return couche * dx + 0.7, (couches[couche] - 1) / 2 + 1.0

    couleurs = [BLEU] + [ORANGE] * (len(couches) - 2) + [VERT]
    for c in range(len(couches) - 1):
        sources = [(i, position(c, i)) for i in range(couches[c])]
        if biais:
            sources.append(("biais", position_biais(c)))
        for source, xy in sources:
            for j in range(couches[c + 1]):
                texte = poids.get((c, source, j))
                _fleche(ax, xy, position(c + 1, j),
                        couleur=VERMILLON if texte is not None else GRIS,
                        etiquette=texte, position=0.3)
    for c, n in enumerate(couches):
        for i in range(n):
            texte = etiquettes_neurones[c][i] if etiquettes_neurones is not None else ""
            _noeud(ax, position(c, i), texte, couleurs[c])
        if biais and c < len(couches) - 1:
            _noeud(ax, position_biais(c), "1", GRIS, carre=True, rayon=0.22)
        ax.text(c * dx, -(max(couches) - 1) / 2 - 0.8, noms_couches[c], ha="center",
                va="top", fontsize=10, color=GRIS)
    if titre:
        ax.set_title(titre)
    ax.set_xlim(-0.6, (len(couches) - 1) * dx + 1.1)
    ax.set_ylim(-(max(couches) - 1) / 2 - 1.3, (max(couches) - 1) / 2 + 1.5)
    return figure
# --8<-- [end:schema_reseau]


# --8<-- [start:schema_perceptron]
def schema_perceptron(n_entrees=2, n_sorties=3, ax=None):
    """Le perceptron : une couche d'entrée et une couche de TLU entièrement connectée.

    Parameters
    ----------
    n_entrees : int
        Le nombre d'entrées (de 1 à 8).
    n_sorties : int
        Le nombre d'unités à seuil (TLU) de sortie, une par classe (de 1 à 8).
    ax : matplotlib.axes.Axes, optional
        Où dessiner.

    Returns
    -------
    matplotlib.figure.Figure
        La figure du schéma.

    Raises
    ------
    ValueError
        Si une taille n'est pas un entier entre 1 et 8.
    """
    for nom, valeur in (("n_entrees", n_entrees), ("n_sorties", n_sorties)):
        if isinstance(valeur, bool) or not isinstance(valeur, int) or not 1 <= valeur <= 8:
            raise ValueError(f"{nom} : un entier entre 1 et 8 est attendu, pas {valeur!r}.")
    etiquettes = [[f"$x_{i + 1}$" for i in range(n_entrees)], ["TLU"] * n_sorties]
    return schema_reseau([n_entrees, n_sorties], noms_couches=["entrées", "sorties (TLU)"],
                         etiquettes_neurones=etiquettes, titre="Perceptron", ax=ax)
# --8<-- [end:schema_perceptron]


# --8<-- [start:schema_xor]
# Les quatre poids du réseau XOR qui ne valent pas 1 (les autres valent 1),
# au format {(couche, source, cible): texte} de schema_reseau.
POIDS_XOR = {
    (0, "biais", 0): "−1,5",
    (0, "biais", 1): "−0,5",
    (1, 0, 0): "−1",
    (1, "biais", 0): "−0,5",
}


def schema_xor(ax=None):
    """Le réseau à deux couches qui calcule le XOR (poids réglés à la main).

    Tous les poids valent 1, sauf les quatre de ``POIDS_XOR``, en vermillon.
    Le neurone caché du haut calcule « A ET B », celui du bas « A OU B » ; la
    sortie calcule « (A OU B) ET NON (A ET B) ».

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
        Où dessiner.

    Returns
    -------
    matplotlib.figure.Figure
        La figure du schéma.
    """
    return schema_reseau([2, 2, 1], noms_couches=["entrées", "couche cachée", "sortie"],
                         etiquettes_neurones=[["$x_1$", "$x_2$"], ["ET", "OU"], ["XOR"]],
                         poids=POIDS_XOR,
                         titre="Un perceptron multicouche pour le XOR\n"
                               "(poids à 1 sauf ceux en vermillon)",
                         ax=ax)
# --8<-- [end:schema_xor]


# --8<-- [start:schema_mcculloch_pitts]
# Chaque réseau : son titre, ses entrées (nom, poids) et le seuil du neurone C.
_RESEAUX_MCCULLOCH_PITTS = (
    ("C = A", [("A", 1)], 1),
    ("C = A ET B", [("A", 1), ("B", 1)], 2),
    ("C = A OU B", [("A", 1), ("B", 1)], 1),
    ("C = A ET NON B", [("A", 1), ("B", -1)], 1),
)


def schema_mcculloch_pitts():
    """Les quatre réseaux logiques de McCulloch et Pitts (1943), en deux rangées de deux.

    Chaque neurone C s'active quand la somme de ses entrées atteint son seuil
    (écrit dans C) ; une connexion inhibitrice (vermillon, poids −1) retire
    une unité à la somme.

    Returns
    -------
    matplotlib.figure.Figure
        La figure, avec un panneau par réseau.
    """
    figure, axes = plt.subplots(2, 2, figsize=(6.4, 4.4))
    for ax, (titre, entrees, seuil) in zip(axes.flat, _RESEAUX_MCCULLOCH_PITTS, strict=True):
        _axes(ax, (3, 3))
        ys = [0.0] if len(entrees) == 1 else [0.8, -0.8]
        cible = (2.0, 0.0)
        for (nom, poids), y in zip(entrees, ys, strict=True):
            _noeud(ax, (0.0, y), nom, BLEU)
            couleur = VERMILLON if poids < 0 else GRIS
            _fleche(ax, (0.0, y), cible, couleur=couleur, etiquette=f"{poids:+d}".replace("-", "−"),
                    position=0.45, rayons=(RAYON, 0.36))
        _noeud(ax, cible, f"C\n≥{seuil}", VERT, rayon=0.36)
        ax.set_title(titre, fontsize=11)
        ax.set_xlim(-0.5, 2.5)
        ax.set_ylim(-1.3, 1.3)
    figure.tight_layout()
    return figure
# --8<-- [end:schema_mcculloch_pitts]


# --8<-- [start:frise_chronologique]
def frise_chronologique(evenements, titre=None):
    """Une frise chronologique : une année et une légende par événement.

    Parameters
    ----------
    evenements : sequence of (int, str)
        Les couples ``(année, légende)``, dans n'importe quel ordre.
    titre : str, optional
        Le titre de la frise.

    Returns
    -------
    matplotlib.figure.Figure
        La figure de la frise.

    Raises
    ------
    ValueError
        Si la liste est vide ou si un événement n'est pas un couple
        ``(année entière, légende non vide)``.
    """
    evenements = list(evenements)
    if not evenements:
        raise ValueError("evenements : la liste est vide, rien à placer sur la frise.")
    for evenement in evenements:
        if (not isinstance(evenement, tuple | list) or len(evenement) != 2
                or isinstance(evenement[0], bool) or not isinstance(evenement[0], int)
                or not isinstance(evenement[1], str) or not evenement[1].strip()):
            raise ValueError(f"evenements : un couple (année, légende) est attendu, pas "
                             f"{evenement!r}.")
    evenements = sorted(evenements, key=lambda e: e[0])
    annees = [a for a, _ in evenements]
    # Le temps descend le long d'un axe vertical, à 0,04 pouce par an. Une légende
    # sur deux à gauche, l'autre à droite, à la hauteur de son année, ou plus bas
    # si la précédente du même côté est trop proche : au moins ECART années entre
    # deux légendes, soit 0,56 pouce, la hauteur de trois lignes de texte.
    ECART = 14
    hauteurs, derniere = [], {"gauche": -float("inf"), "droite": -float("inf")}
    for k, annee in enumerate(annees):
        cote = "gauche" if k % 2 == 0 else "droite"
        derniere[cote] = max(annee, derniere[cote] + ECART)
        hauteurs.append(derniere[cote])
    haut, bas = min(annees) - 6, max(hauteurs) + 6
    figure, ax = plt.subplots(figsize=(6.4, 0.04 * (bas - haut) + 0.6))
    ax.axvline(0, color=GRIS, linewidth=2, zorder=1)
    for k, ((annee, legende), hauteur) in enumerate(zip(evenements, hauteurs, strict=True)):
        x = -0.08 if k % 2 == 0 else 0.08
        ax.plot([0, x], [annee, hauteur], color=BLEU, linewidth=1, zorder=1)
        ax.scatter([0], [annee], s=50, color=ORANGE, zorder=3)
        ax.text(x * 1.2, hauteur, f"{annee}\n{legende}", ha="right" if x < 0 else "left",
                va="center", fontsize=10)
    ax.set_xlim(-1, 1)
    ax.set_ylim(bas, haut)  # les années croissent vers le bas
    ax.axis("off")
    if titre:
        ax.set_title(titre)
    figure.tight_layout()
    return figure
# --8<-- [end:frise_chronologique]
