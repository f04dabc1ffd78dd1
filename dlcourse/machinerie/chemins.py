"""Les chemins de lecture d'une page, et ce que son test demande d'en relever.

Une page ``docs/partie/ma-page.md`` a son test ``tests/partie/test_ma_page.py``
(chemins parallèles, mêmes noms). Ce test peut déclarer ``RELEVES`` : pour
chaque onglet, des expressions évaluées à la fin du chemin, dans le processus
qui l'a exécuté ; il vérifie ensuite leurs valeurs. Le code de la page ne
s'exécute ainsi qu'une fois par suite de tests.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import Any

from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE, code_du_chemin

DOSSIER_TESTS = RACINE / "tests"


def module_de_test(page: Path) -> Path:
    """Le test d'une page : ``docs/partie/ma-page.md`` → ``tests/partie/test_ma_page.py``."""
    relatif = Path(page).resolve().relative_to(DOSSIER_DOCS)
    return DOSSIER_TESTS / relatif.parent / f"test_{relatif.stem.replace('-', '_')}.py"


def releves_de_la_page(page: Path) -> dict[str, dict[str, str]]:
    """Le dictionnaire ``RELEVES`` du test de la page (onglet → nom → expression).

    Il est lu sans importer le module (``ast.literal_eval``) ; vide si le test
    n'existe pas ou n'en déclare pas.
    """
    fichier = module_de_test(page)
    if not fichier.exists():
        return {}
    for noeud in ast.parse(fichier.read_text(encoding="utf-8")).body:
        if (isinstance(noeud, ast.Assign) and len(noeud.targets) == 1
                and getattr(noeud.targets[0], "id", None) == "RELEVES"):
            return ast.literal_eval(noeud.value)
    return {}


GROUPE_DES_DEUX_FRAMEWORKS = "pages qui chargent PyTorch et TensorFlow"
"""Le groupe des pages dont un chemin importe les deux frameworks : un seul
processus de test les prend toutes, et démarre donc seul le serveur
d'exécution qui a importé PyTorch puis TensorFlow (une dizaine de secondes)."""


@functools.cache
def charge_les_deux_frameworks(page: Path) -> bool:
    """Un chemin de la page importe-t-il PyTorch et TensorFlow (analyse statique) ?"""
    from dlcourse.machinerie.carnets import chemins
    from dlcourse.machinerie.ordre_imports import frameworks_importes

    return any(len(frameworks_importes(code_du_chemin(page, onglet))) == 2
               for onglet in chemins(page))


def groupe(page: Path) -> str:
    """Le nom du groupe pytest-xdist d'une page (tous ses tests dans un même processus).

    Le chemin de la page dans ``docs/``, ou `GROUPE_DES_DEUX_FRAMEWORKS`.
    """
    page = Path(page).resolve()
    if charge_les_deux_frameworks(page):
        return GROUPE_DES_DEUX_FRAMEWORKS
    return str(page.relative_to(DOSSIER_DOCS))


def message_d_echec(rapport: dict[str, Any]) -> str:
    """« page [onglet], ligne N : message » pour un chemin qui a échoué."""
    echec = rapport["echec"]
    ou = f", ligne {echec['ligne']}" if echec.get("ligne") else ""
    return f"{rapport['nom']}{ou} :\n{echec['message']}"
