"""Ce que le code des pages a écrit : nettoyé, borné, montré sous chaque bloc.

La construction complète (`dlcourse.machinerie.figures`) garde, pour chaque
bloc d'un chemin, ce qu'il a écrit sur la sortie standard (``print``,
``model.summary()``, les lignes d'époque de ``fit(..., verbose=2)`` ou de la
boucle PyTorch). Ces sorties sont enregistrées dans ``resultats.json`` avec
les figures et les résultats, rattachées à leur bloc (son rang parmi les blocs
Python de la page), et périmées avec eux quand le code change. Le crochet
MkDocs (`dlcourse.machinerie.hook_mkdocs`) les affiche sous leur bloc, et les
carnets (`dlcourse.machinerie.carnets`) les portent. Les sorties du profil
rapide ne sont jamais montrées ; les blocs doctest (``>>>``) gardent leur
sortie vérifiée.

Règles :

- une sortie est propre : ni journaux C++ de TensorFlow, ni codes ANSI, ni
  chemin absolu ou nom d'utilisateur de la machine de construction ;
- une sortie de plus de `LIMITE_LIGNES` lignes est coupée, avec une marque
  visible ; au-delà de `LIGNES_DEPLIEES` lignes, elle est repliée ;
- une sortie qui ne s'enregistre pas (données binaires) fait échouer la
  construction avec un message qui nomme la page, l'onglet et la ligne.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
from pathlib import Path

LIMITE_LIGNES = 60
"""Au-delà, une sortie est coupée : ses 45 premières et 10 dernières lignes restent."""

LIGNES_DEPLIEES = 12
"""Au-delà, la sortie est repliée sous son bloc (un clic la déplie)."""

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_JOURNAL_NATIF = re.compile(r"^(?:[IWEF]\d{4} [\d:. ]+\d+ [\w.]+:\d+\] .*|"
                            r"WARNING: All log messages before absl::InitializeLog.*|"
                            r"To enable the following instructions:.*|"
                            r"This TensorFlow binary is optimized.*)$")
_BINAIRE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SortieInvalide(ValueError):
    """Une sortie qui ne peut pas être montrée telle quelle (données binaires)."""


def nettoyer(texte: str, dossier_travail: str | Path | None = None) -> str:
    """Retire d'une sortie ce qui dépend de la machine de construction.

    Parameters
    ----------
    texte : str
        Ce que le bloc a écrit.
    dossier_travail : str or Path, optional
        Le dossier temporaire où le code s'exécutait : remplacé par ``.``.

    Returns
    -------
    str
        La sortie sans codes ANSI, sans journaux natifs de TensorFlow, sans
        retours chariot de barres de progression, avec les chemins absolus
        du dossier de travail, du projet de la construction et du dossier personnel
        remplacés.

    Raises
    ------
    SortieInvalide
        Si la sortie contient des caractères de contrôle (données binaires).
    """
    texte = _ANSI.sub("", texte)
    lignes = []
    for ligne in texte.split("\n"):
        ligne = ligne.rsplit("\r", 1)[-1] if "\r" in ligne.rstrip("\r") else ligne.rstrip("\r")
        if not _JOURNAL_NATIF.match(ligne):
            lignes.append(ligne.rstrip())
    texte = "\n".join(lignes)
    remplacements = []
    if dossier_travail is not None:
        remplacements.append((str(Path(dossier_travail).resolve()), "."))
        remplacements.append((str(dossier_travail), "."))
    # L'environnement virtuel de la construction (sys.executable…) : le dossier du
    # projet de la machine de construction devient un chemin d'exemple.
    remplacements += [(str(Path(sys.prefix).resolve().parent), "/chemin/du/projet"),
                      (str(Path.home()), "~")]
    for ancien, nouveau in remplacements:
        if ancien and ancien not in ("/", "."):
            texte = texte.replace(ancien, nouveau)
    utilisateur = os.environ.get("USER") or getpass.getuser()
    if utilisateur and utilisateur not in ("root",) and len(utilisateur) > 2:
        texte = re.sub(rf"\b{re.escape(utilisateur)}\b", "utilisateur", texte)
    if m := _BINAIRE.search(texte):
        raise SortieInvalide(f"caractère de contrôle {m.group()!r} : la sortie contient des "
                             "données binaires, elle ne peut pas être montrée telle quelle")
    return texte.strip("\n")


def couper(texte: str, limite: int = LIMITE_LIGNES) -> str:
    """Coupe une sortie trop longue, avec une marque visible au milieu."""
    lignes = texte.split("\n")
    if len(lignes) <= limite:
        return texte
    debut, fin = lignes[:limite - 15], lignes[-10:]
    coupees = len(lignes) - len(debut) - len(fin)
    return "\n".join([*debut, f"[… {coupees} lignes coupées : une sortie montre au plus "
                                f"{limite} lignes …]", *fin])


def preparer(texte: str, dossier_travail: str | Path | None = None) -> str:
    """`nettoyer` puis `couper` : la sortie telle qu'elle est enregistrée."""
    return couper(nettoyer(texte, dossier_travail))


_CADRE = re.compile("[\u2500-\u257f]")
_COLONNES = re.compile(r"\S {3,}\S")


def est_un_tableau(texte: str) -> bool:
    """Vrai pour une sortie dont l'alignement compte : un tableau en caractères de
    cadre (``model.summary()`` de Keras) ou des colonnes alignées par des espaces.

    Ces sorties gardent leurs lignes et défilent ; les autres (messages, journaux
    d'entraînement) reviennent à la ligne (``docs/stylesheets/extra.css``).
    """
    return bool(_CADRE.search(texte) or _COLONNES.search(texte))


def en_markdown(texte: str, retrait: str = "") -> str:
    """Le Markdown d'une sortie sous son bloc : un encadré « Sortie », replié si long.

    Parameters
    ----------
    texte : str
        La sortie enregistrée.
    retrait : str
        Le retrait du bloc (dans un onglet ou un encadré).
    """
    n = texte.count("\n") + 1
    classes = "sortie tableau" if est_un_tableau(texte) else "sortie"
    entete = (f'??? {classes} "Sortie ({n} lignes)"' if n > LIGNES_DEPLIEES
              else f'!!! {classes} "Sortie"')
    corps = "\n".join(f"{retrait}    {ligne}" if ligne else "" for ligne in texte.split("\n"))
    return f"\n{retrait}{entete}\n\n{retrait}    ```text\n{corps}\n{retrait}    ```\n"
