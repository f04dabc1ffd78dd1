"""Des couleurs lisibles par les lecteurs daltoniens, dans toutes les figures du livre.

Les figures sont dessinées par le code des pages, des extraits et de
``dlcourse``. On refuse dans ce code :

- les cartes de couleurs arc-en-ciel (``jet``, ``rainbow``, ``hsv``…), qui
  trompent sur l'ordre des valeurs et se confondent pour un daltonien ;
- le rouge et le vert nommés pour distinguer deux courbes (``"r"``/``"g"``,
  ``"red"``/``"green"``) dans un même fichier : la paire la plus confondue.

Préférez la palette de `dlcourse.aides.courbes`, celle d'Okabe et Ito
(``#0072B2``, ``#D55E00``, ``#E69F00``…), ``tab10`` ou ``viridis``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
CARTES_INTERDITES = ("jet", "rainbow", "gist_rainbow", "hsv", "nipy_spectral", "gist_ncar",
                     "prism", "flag")
_CARTE = re.compile(r"""cmap\s*=\s*(?:plt\.cm\.|cm\.)?['"]?(\w+)""")
_COULEUR = r"""(?:colou?r|c)\s*=\s*['"](?:{})['"]|['"][{}][-o.:s^*]+['"]"""
_ROUGE = re.compile(_COULEUR.format("r|red|tab:red", "r"))
_VERT = re.compile(_COULEUR.format("g|green|tab:green|lime", "g"))


def _fichiers() -> list[Path]:
    fichiers = [p for p in (RACINE / "docs").rglob("*.md") if "assets" not in p.parts]
    fichiers += list((RACINE / "snippets").rglob("*.py"))
    fichiers += list((RACINE / "dlcourse").rglob("*.py"))
    return sorted(fichiers)


@pytest.mark.parametrize("fichier", _fichiers(), ids=lambda p: str(p.relative_to(RACINE)))
def test_couleurs_sures_pour_les_daltoniens(fichier: Path) -> None:
    texte = fichier.read_text(encoding="utf-8")
    cartes = [c for c in _CARTE.findall(texte) if c.removesuffix("_r") in CARTES_INTERDITES]
    assert not cartes, f"cartes de couleurs arc-en-ciel : {cartes} (utilisez viridis)"
    assert not (_ROUGE.search(texte) and _VERT.search(texte)), (
        "rouge et vert opposés dans une même figure : utilisez la palette Okabe–Ito "
        "(dlcourse.aides.courbes) ou tab10")
