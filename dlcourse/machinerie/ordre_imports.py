"""Quels frameworks un code importe, et l'ordre d'import qui évite le plantage.

TensorFlow et triton (que PyTorch charge à l'import de torchvision et au
premier optimiseur créé) embarquent chacun leur propre LLVM. Importer
TensorFlow *puis* triton fait planter le processus (``SIGSEGV``) quand
PyTorch est installé avec triton. Charger PyTorch et triton *d'abord* évite le
problème. C'est le seul endroit du livre qui s'en occupe, et seulement pour
un processus qui charge les deux frameworks : `charger_frameworks` (les
serveurs d'exécution) et `torch_d_abord_a_la_demande` (la session de tests,
qui ne charge un framework que si un test le demande).
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


class _TorchDAbord:
    """Chercheur d'imports (``sys.meta_path``) : au premier import de TensorFlow,
    charge d'abord PyTorch et triton, puis se retire. Il ne trouve jamais rien
    lui-même : l'import demandé se poursuit normalement."""

    def find_spec(self, nom, _chemin=None, _cible=None):
        if nom.split(".")[0] in MODULES_DES_FRAMEWORKS["tensorflow"]:
            retirer_torch_d_abord()
            charger_torch_avant_tensorflow()
        return None


_CHERCHEUR = _TorchDAbord()


def torch_d_abord_a_la_demande() -> None:
    """Garde l'ordre sûr sans rien importer tout de suite.

    Si ce processus importe un jour TensorFlow (ou Keras, ou scikeras),
    PyTorch, triton et torchvision sont importés juste avant. Un processus qui
    n'importe jamais TensorFlow ne paie rien ; un processus qui n'importe que
    PyTorch non plus.

    Raises
    ------
    RuntimeError
        Si TensorFlow est déjà importé sans triton (comme
        `charger_torch_avant_tensorflow`).
    """
    if "tensorflow" in sys.modules:
        charger_torch_avant_tensorflow()
        return
    if _CHERCHEUR not in sys.meta_path:
        sys.meta_path.insert(0, _CHERCHEUR)


def retirer_torch_d_abord() -> None:
    """Retire le chercheur de `torch_d_abord_a_la_demande` (s'il est en place)."""
    if _CHERCHEUR in sys.meta_path:
        sys.meta_path.remove(_CHERCHEUR)


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
