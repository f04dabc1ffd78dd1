"""Les deux profils d'exécution du livre : *rapide* et *complet*.

- **rapide** (les tests) : le code des pages s'exécute tel quel, mais les
  chargeurs de données reçoivent les petits échantillons livrés avec
  ``dlcourse`` (`dlcourse.echantillons`).
- **complet** (la construction des figures) : les vraies données. Avec
  Internet, les vrais téléchargements ; hors ligne, le miroir nommé par la
  variable d'environnement ``DLCOURSE_DATA_DIR`` (``../shared/data`` ici).

Un profil ne change que ce que renvoient les chargeurs de données ; il ne
modifie jamais le code du lecteur.
"""

from __future__ import annotations

import os
from pathlib import Path

from dlcourse import donnees
from dlcourse.echantillons import DOSSIER_ECHANTILLONS

PROFILS = ("rapide", "complet")
"""Les noms de profils acceptés."""

VARIABLE_MIROIR = "DLCOURSE_DATA_DIR"
"""La variable d'environnement qui nomme un miroir local des jeux de données."""


def dossier_donnees(profil: str) -> Path | None:
    """Le dossier de données que sert un profil.

    Parameters
    ----------
    profil : str
        ``"rapide"`` ou ``"complet"``.

    Returns
    -------
    Path or None
        Les échantillons pour ``rapide`` ; pour ``complet``, le miroir nommé
        par ``DLCOURSE_DATA_DIR`` ou ``None`` (vrais téléchargements).

    Raises
    ------
    ValueError
        Si le profil est inconnu.
    FileNotFoundError
        Si ``DLCOURSE_DATA_DIR`` nomme un dossier qui n'existe pas.
    """
    if profil not in PROFILS:
        raise ValueError(f"profil : {profil!r} inconnu ; choisissez parmi {', '.join(PROFILS)}.")
    if profil == "rapide":
        return DOSSIER_ECHANTILLONS
    miroir = os.environ.get(VARIABLE_MIROIR)
    if not miroir:
        return None
    chemin = Path(miroir).expanduser().resolve()
    if not chemin.is_dir():
        raise FileNotFoundError(f"{VARIABLE_MIROIR} : le dossier {miroir} n'existe pas.")
    return chemin


def activer_profil(profil: str) -> donnees.Substitution:
    """Active un profil pour tout le processus.

    Parameters
    ----------
    profil : str
        ``"rapide"`` ou ``"complet"``.

    Returns
    -------
    dlcourse.donnees.Substitution
        La substitution installée (son ``journal`` dit ce qui a été chargé).

    Notes
    -----
    Appelée par ``conftest.py`` (profil rapide) et par
    `dlcourse.execution` (profil demandé).
    """
    return donnees.activer(dossier_donnees(profil))
