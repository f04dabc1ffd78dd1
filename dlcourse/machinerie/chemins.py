"""Les chemins de lecture d'une page, et ce que son test demande d'en relever.

Une page ``docs/partie/ma-page.md`` a son test ``tests/partie/test_ma_page.py``
(chemins parallèles, mêmes noms). Ce test peut déclarer ``RELEVES`` : pour
chaque onglet, des expressions évaluées à la fin du chemin, dans le processus
qui l'a exécuté ; il vérifie ensuite leurs valeurs. Le code de la page ne
s'exécute ainsi qu'une fois par suite de tests.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

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


def groupe(page: Path) -> str:
    """Le nom du groupe pytest-xdist d'une page (tous ses tests dans un même processus)."""
    return str(Path(page).resolve().relative_to(DOSSIER_DOCS))


def message_d_echec(rapport: dict[str, Any]) -> str:
    """« page [onglet], ligne N : message » pour un chemin qui a échoué."""
    echec = rapport["echec"]
    ou = f", ligne {echec['ligne']}" if echec.get("ligne") else ""
    return f"{rapport['nom']}{ou} :\n{echec['message']}"
