"""Quels frameworks un code importe, et l'ordre d'import qui évite le plantage.

TensorFlow et triton (que PyTorch charge à l'import de torchvision et au
premier optimiseur créé) embarquent chacun leur propre LLVM. Importer
TensorFlow *puis* triton fait planter le processus (``SIGSEGV``) quand
PyTorch est installé avec triton. Charger PyTorch et triton *d'abord* évite le
problème. C'est le seul endroit du livre qui s'en occupe, et seulement pour
un processus qui charge les deux frameworks (`charger_frameworks`).
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Iterable

MODULES_DES_FRAMEWORKS = {
    "torch": ("torch", "torchvision", "skorch"),
    "tensorflow": ("tensorflow", "keras", "scikeras"),
}
"""Pour chaque framework, les paquets dont l'import le charge."""

MODULES_A_CHARGER_D_ABORD = ("torch", "triton", "torchvision")
"""Dans un processus qui charge les deux frameworks, ce qui passe avant TensorFlow."""


def modules_importes(codes: Iterable[str]) -> set[str]:
    """Les modules de premier niveau qu'importent des blocs de code (``import x.y`` → ``x``).

    Raises
    ------
    SyntaxError
        Si un bloc n'est pas du Python valide.
    """
    racines: set[str] = set()
    for code in codes:
        for noeud in ast.walk(ast.parse(code)):
            if isinstance(noeud, ast.Import):
                racines.update(alias.name.split(".")[0] for alias in noeud.names)
            elif isinstance(noeud, ast.ImportFrom) and noeud.module and not noeud.level:
                racines.add(noeud.module.split(".")[0])
    return racines


def frameworks_importes(codes: Iterable[str]) -> frozenset[str]:
    """Les frameworks que des blocs de code importent (analyse statique).

    Parameters
    ----------
    codes : iterable of str
        Le code de chaque bloc (sources Python, sans invites ``>>>``).

    Returns
    -------
    frozenset[str]
        Une partie de ``{"torch", "tensorflow"}``.

    Raises
    ------
    SyntaxError
        Si un bloc n'est pas du Python valide.
    """
    racines = modules_importes(codes)
    return frozenset(nom for nom, paquets in MODULES_DES_FRAMEWORKS.items()
                     if racines & set(paquets))


def charger_torch_avant_tensorflow() -> list[str]:
    """Importe PyTorch, triton et torchvision avant que TensorFlow ne le soit.

    Returns
    -------
    list[str]
        Les modules importés (ceux qui ne sont pas installés sont ignorés).

    Raises
    ------
    RuntimeError
        Si TensorFlow est déjà importé sans triton : il est alors trop tard,
        le processus planterait au premier import de triton.

    Notes
    -----
    Pour un processus qui charge les deux frameworks : la session de tests
    (``conftest.py``) et `charger_frameworks`.
    """
    if "tensorflow" in sys.modules and "triton" not in sys.modules:
        raise RuntimeError(
            "TensorFlow est déjà importé : importez torch (et torchvision) avant "
            "tensorflow, sinon le processus plante au chargement de triton.")
    return _importer(MODULES_A_CHARGER_D_ABORD)


def _importer(noms: Iterable[str]) -> list[str]:
    charges = []
    for nom in noms:
        try:
            importlib.import_module(nom)
        except ImportError:
            continue
        charges.append(nom)
    return charges


def charger_frameworks(frameworks: Iterable[str]) -> list[str]:
    """Importe les frameworks demandés, PyTorch et triton d'abord s'il y a les deux.

    Parameters
    ----------
    frameworks : iterable of str
        Une partie de ``{"torch", "tensorflow"}``.

    Returns
    -------
    list[str]
        Les modules importés, dans l'ordre.

    Raises
    ------
    RuntimeError
        S'il faut les deux frameworks et que TensorFlow est déjà importé sans triton.
    ValueError
        Si un nom de framework est inconnu.
    """
    frameworks = set(frameworks)
    inconnus = frameworks - set(MODULES_DES_FRAMEWORKS)
    if inconnus:
        raise ValueError(f"framework(s) inconnu(s) : {', '.join(sorted(inconnus))} "
                         f"(connus : {', '.join(MODULES_DES_FRAMEWORKS)}).")
    charges: list[str] = []
    if frameworks == {"torch", "tensorflow"}:
        charges += charger_torch_avant_tensorflow()
    elif "torch" in frameworks:
        charges += _importer(("torch", "torchvision"))
    if "tensorflow" in frameworks:
        charges += _importer(("tensorflow", "keras"))
    return charges
