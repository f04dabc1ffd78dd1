"""Des jumeaux de même coût : les deux onglets d'une page font le même travail, en autant de temps.

Sur chaque page à jumeaux (Keras et PyTorch, ou PyTorch et TensorFlow) et
pour chaque paire de carnets de travaux pratiques (``<nom>-keras`` et
``<nom>-pytorch``), quand l'onglet le plus lent a pris au moins
`SEUIL_S` secondes à la dernière exécution complète, l'écart entre les deux
est d'au plus `RAPPORT_MAX` fois, dans un sens comme dans l'autre.

La mesure comparée est ``duree_cpu_s``, le temps processeur du seul code de
la page (imports des frameworks exclus), et non ``duree_s``, le temps écoulé :
la construction exécute deux cibles à la fois sur les deux cœurs, chacune sur
un fil de calcul ; son temps écoulé dépend de ce que fait le reste de la
machine pendant ce temps (jusqu'à plusieurs fois plus long), pas son temps
processeur.

Une différence inhérente (un onglet qui fait vraiment plus de travail) est
une exception nommée dans `EXCEPTIONS`, avec sa raison, et la page la dit au
lecteur.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie import figures as construction
from dlcourse.machinerie.pages import DOSSIER_DOCS, pages_du_menu

SEUIL_S = 20.0
"""En dessous, sur l'onglet le plus lent, l'écart n'est pas vérifié (bruit de mesure)."""

RAPPORT_MAX = 1.5
"""L'écart permis entre les deux temps processeur, dans un sens comme dans l'autre."""

MESURE = "duree_cpu_s"

EXCEPTIONS: dict[str, tuple[str, str]] = {
    "donnees/jeux-de-donnees.md": (
        "la page enseigne les transformations de torchvision, appliquées image par image en "
        "Python à chaque parcours (une époque et une évaluation sur MNIST), quand la chaîne "
        "tf.data de l'onglet Keras met à l'échelle des lots entiers dans un graphe",
        "la transformation s'applique image par image, en Python, à chaque parcours du jeu",
    ),
    "entrainement/convolution.md": (
        "même modèle, mêmes lots, mêmes époques ; mesuré seul sur un fil d'un AMD EPYC, une "
        "époque de ce réseau (filtres 5 × 5 puis 3 × 3, 8 et 16 filtres) coûte 18,2 s de "
        "processeur à Keras et 12,4 s à PyTorch : les noyaux de convolution de TensorFlow y "
        "sont plus lents. Sur un Xeon d'Intel (28 novembre 2026), les deux onglets coûtent à "
        "peu près autant, moins de SEUIL_S chacun : l'écart n'y est pas vérifié",
        "sur certains, TensorFlow exécute les convolutions de ce petit réseau plus lentement "
        "que PyTorch",
    ),
    "evaluation/hyperparametres.md": (
        "l'onglet Keras entraîne quinze petits modèles neufs (la grille et l'exercice 2) ; "
        "Keras trace les fonctions d'entraînement et de prédiction de chacun en graphes "
        "TensorFlow, un coût fixe de l'ordre d'une seconde qui pèse plus que ces dix époques "
        "sur 1 500 exemples, et que PyTorch n'a pas",
        "un coût fixe de l'ordre d'une seconde sur un processeur",
    ),
}
"""Les pages (``partie/page.md`` ou ``tp/nom``) dont l'écart est inhérent : la raison, et le
passage de la page qui la dit au lecteur."""

JUMEAUX = {"Keras", "PyTorch", "TensorFlow"}
PAGES = [p for p in pages_du_menu() if p.suffix == ".md"]


def _nom(page) -> str:
    return str(page.relative_to(DOSSIER_DOCS))


def _paires() -> list[tuple[str, dict[str, float]]]:
    """Chaque page ou paire de carnets à jumeaux : ``(nom, {onglet: temps processeur})``."""
    paires = []
    for page in PAGES:
        temps = {onglet: rapport[MESURE]
                 for onglet, rapport in construction.lire_resultats(page).items()
                 if onglet in JUMEAUX and rapport.get(MESURE) is not None}
        if len(temps) >= 2:
            paires.append((_nom(page), temps))
    carnets = {c.page.stem: construction.enregistrement(c)
               for c in construction.cibles_des_carnets()}
    for nom, rapport in sorted(carnets.items()):
        if nom.endswith("-keras") and rapport:
            base = nom.removesuffix("-keras")
            jumeau = carnets.get(f"{base}-pytorch")
            if jumeau:
                paires.append((f"tp/{base}", {"Keras": rapport[MESURE],
                                              "PyTorch": jumeau[MESURE]}))
    return paires


PAIRES = _paires()


def test_il_y_a_des_jumeaux_a_comparer():
    noms = [nom for nom, _ in PAIRES]
    assert "entrainement/mnist-cnn.md" in noms and "tp/cnn-mnist" in noms, noms


def test_chaque_exception_nomme_une_paire_connue():
    noms = {nom for nom, _ in PAIRES}
    for nom, (raison, passage) in EXCEPTIONS.items():
        assert nom in noms, f"exception pour {nom}, qui n'a pas de jumeaux enregistrés"
        assert raison.strip(), f"l'exception pour {nom} doit dire pourquoi"
        texte = " ".join((DOSSIER_DOCS / nom).read_text(encoding="utf-8").split())
        assert passage in texte, f"{nom} doit dire au lecteur pourquoi ses onglets diffèrent"


@pytest.mark.parametrize(("nom", "temps"), PAIRES, ids=[nom for nom, _ in PAIRES])
def test_les_jumeaux_coutent_autant(nom, temps):
    plus_lent = max(temps.values())
    if plus_lent < SEUIL_S:
        pytest.skip(f"onglet le plus lent sous {SEUIL_S:g} s ({temps})")
    rapport = plus_lent / max(min(temps.values()), 0.1)
    if nom in EXCEPTIONS:
        # Une exception sert tant que l'écart dépasse la borne ; sinon, elle (et la
        # phrase de la page qui l'explique au lecteur) est périmée.
        assert rapport > RAPPORT_MAX, (
            f"{nom} : un onglet ne coûte plus que {rapport:.2f} fois l'autre ; retirez "
            "son exception et la phrase de la page qui justifiait l'écart")
        pytest.skip(f"écart inhérent ({rapport:.1f} fois : {temps}) : {EXCEPTIONS[nom][0]}")
    assert rapport <= RAPPORT_MAX, (
        f"{nom} : un onglet coûte {rapport:.1f} fois l'autre en temps processeur "
        f"({', '.join(f'{o} {t:.1f} s' for o, t in temps.items())}) ; "
        f"au plus {RAPPORT_MAX:g} fois, ou une exception nommée avec sa raison")
