"""Les deux profils d'exécution du livre : *rapide* et *complet*.

- **rapide** (les tests) : le code des pages s'exécute tel quel, mais les
  chargeurs de données reçoivent les petits échantillons livrés avec
  ``dlcourse`` (`dlcourse.donnees.echantillons`).
- **complet** (la construction des figures) : les vraies données. Avec
  Internet, les vrais téléchargements ; hors ligne, le miroir nommé par la
  variable d'environnement ``DLCOURSE_DATA_DIR`` (``../shared/data`` ici).

Un profil ne change que ce que renvoient les chargeurs de données ; il ne
modifie jamais le code du lecteur. L'activer renvoie un objet que l'appelant
garde (`Profil`, un gestionnaire de contexte) : aucun état global n'est lu
par d'autres modules.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Any

from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS
from dlcourse.donnees.substitution import Substitution

PROFILS = ("rapide", "complet")
"""Les noms de profils acceptés."""

VARIABLE_MIROIR = "DLCOURSE_DATA_DIR"
"""La variable d'environnement qui nomme un miroir local des jeux de données."""


class ErreurProfil(ValueError):
    """Un profil inconnu, ou un miroir introuvable : le message dit lequel."""


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
    ErreurProfil
        Si le profil est inconnu, ou si ``DLCOURSE_DATA_DIR`` nomme un
        dossier qui n'existe pas.
    """
    if profil not in PROFILS:
        raise ErreurProfil(f"profil : {profil!r} inconnu ; choisissez parmi {', '.join(PROFILS)}.")
    if profil == "rapide":
        return DOSSIER_ECHANTILLONS
    miroir = os.environ.get(VARIABLE_MIROIR)
    if not miroir:
        return None
    chemin = Path(miroir).expanduser().resolve()
    if not chemin.is_dir():
        raise ErreurProfil(f"{VARIABLE_MIROIR} : le dossier {miroir} n'existe pas "
                           "(un miroir organisé comme ../shared/data est attendu).")
    return chemin


class Profil:
    """Un profil actif : la substitution des données et son journal.

    S'utilise comme gestionnaire de contexte ; à la sortie, les fonctions de
    téléchargement d'origine sont remises et le cache temporaire effacé.

    Parameters
    ----------
    nom : str
        ``"rapide"`` ou ``"complet"``.

    Examples
    --------
    >>> with activer_profil("rapide") as profil:          # doctest: +SKIP
    ...     (x, y), _ = keras.datasets.mnist.load_data()
    >>> profil.journal()                                   # doctest: +SKIP
    [{'jeu': 'mnist', 'chargeur': 'keras', 'fichier': 'mnist.npz', 'exemples': 2500}]
    """

    def __init__(self, nom: str) -> None:
        self.nom = nom
        self.dossier = dossier_donnees(nom)
        self.substitution = Substitution(self.dossier)

    def activer(self) -> Profil:
        """Installe la substitution (sans importer de framework)."""
        self.substitution.activer()
        return self

    def desactiver(self) -> None:
        """Remet les fonctions d'origine et efface le cache temporaire."""
        self.substitution.desactiver()

    def journal(self) -> list[dict[str, Any]]:
        """Ce qui a été chargé depuis l'activation (jeu, chargeur, fichier, exemples)."""
        return self.substitution.chargements()

    def __enter__(self) -> Profil:
        return self.activer()

    def __exit__(self, type_: type[BaseException] | None, erreur: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.desactiver()


def activer_profil(profil: str) -> Profil:
    """Active un profil et le renvoie (à garder, ou à utiliser avec ``with``).

    Parameters
    ----------
    profil : str
        ``"rapide"`` ou ``"complet"``.

    Returns
    -------
    Profil
        Le profil actif ; ``journal()`` dit ce qui a été chargé.

    Raises
    ------
    ErreurProfil
        Si le profil est inconnu ou le miroir introuvable.

    Notes
    -----
    Appelée par la machinerie du livre (`dlcourse.machinerie.execution`)
    dans le processus qui exécute une page, avant son code.
    """
    return Profil(profil).activer()
