"""Les petits échantillons de données livrés pour le profil rapide.

Ils sont tirés du miroir complet (``../shared/data``) par
``python -m dlcourse.donnees.echantillons CHEMIN_DU_MIROIR`` et enregistrés dans
``dlcourse/donnees/echantillons_livres/`` avec la même organisation que le miroir : le profil rapide
et le profil complet hors ligne passent donc par le même code
(`dlcourse.donnees.substitution`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from dlcourse.donnees.idx import ecrire_idx, lire_idx

DOSSIER_ECHANTILLONS = Path(__file__).parent / "echantillons_livres"
"""Le dossier des échantillons livrés avec le paquet."""

TAILLES = {"entrainement": 2000, "test": 500, "californie": 2000}
"""Nombre d'exemples des échantillons : MNIST et Fashion-MNIST (entraînement,
test), California housing (lignes)."""


def creer_echantillons(source: str | Path, destination: str | Path = DOSSIER_ECHANTILLONS,
                       graine: int = 0) -> dict[str, int]:
    """Tire des échantillons aléatoires (sans remise) d'un miroir complet.

    Parameters
    ----------
    source : str or Path
        Un miroir organisé comme ``../shared/data``.
    destination : str or Path
        Le dossier à remplir (par défaut, celui du paquet).
    graine : int
        La graine du tirage, pour des échantillons reproductibles.

    Returns
    -------
    dict[str, int]
        Le nombre d'exemples écrits par fichier.

    Raises
    ------
    FileNotFoundError
        Si un fichier du miroir manque.
    """
    source, destination = Path(source), Path(destination)
    rng = np.random.default_rng(graine)
    ecrits: dict[str, int] = {}
    for jeu in ("mnist", "fashion-mnist"):
        for partie, prefixe in (("entrainement", "train"), ("test", "t10k")):
            images = lire_idx(source / jeu / f"{prefixe}-images-idx3-ubyte.gz")
            etiquettes = lire_idx(source / jeu / f"{prefixe}-labels-idx1-ubyte.gz")
            choix = np.sort(rng.choice(len(etiquettes), TAILLES[partie], replace=False))
            for nom, tableau in ((f"{prefixe}-images-idx3-ubyte.gz", images),
                                 (f"{prefixe}-labels-idx1-ubyte.gz", etiquettes)):
                ecrire_idx(destination / jeu / nom, tableau[choix])
                ecrits[f"{jeu}/{nom}"] = len(choix)
    lignes = (source / "california-housing" / "cal_housing.data").read_text().splitlines()
    choix = np.sort(rng.choice(len(lignes), TAILLES["californie"], replace=False))
    cible = destination / "california-housing" / "cal_housing.data"
    cible.parent.mkdir(parents=True, exist_ok=True)
    cible.write_text("\n".join(lignes[i] for i in choix) + "\n")
    ecrits["california-housing/cal_housing.data"] = len(choix)
    return ecrits


def main(arguments: list[str] | None = None) -> None:
    """Point d'entrée : ``python -m dlcourse.donnees.echantillons MIROIR``."""
    analyseur = argparse.ArgumentParser(description=__doc__)
    analyseur.add_argument("miroir", type=Path, help="le miroir complet, p. ex. ../shared/data")
    analyseur.add_argument("--graine", type=int, default=0)
    args = analyseur.parse_args(arguments)
    for fichier, n in creer_echantillons(args.miroir, graine=args.graine).items():
        print(f"{fichier} : {n} exemples")


if __name__ == "__main__":
    main()
