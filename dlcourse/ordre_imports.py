"""L'ordre d'import qui évite le plantage TensorFlow puis triton.

TensorFlow et triton (que PyTorch charge à l'import de torchvision et au
premier optimiseur créé) embarquent chacun leur propre LLVM. Importer
TensorFlow *puis* triton fait planter le processus (``SIGSEGV``). Charger
PyTorch et triton *d'abord* évite le problème : c'est ce que fait
`charger_torch_avant_tensorflow`, appelée au démarrage de la session de
tests et de la construction des figures.
"""

from __future__ import annotations

import importlib
import sys

MODULES_A_CHARGER_D_ABORD = ("torch", "triton", "torchvision")


def charger_torch_avant_tensorflow() -> list[str]:
    """Importe PyTorch, triton et torchvision avant que TensorFlow ne le soit.

    Returns
    -------
    list[str]
        Les modules effectivement importés (ceux qui ne sont pas installés
        sont ignorés).

    Raises
    ------
    RuntimeError
        Si TensorFlow est déjà importé : il est alors trop tard, le processus
        planterait au premier import de triton.

    Notes
    -----
    Utilisée par ``conftest.py`` (tests) et `dlcourse.execution`
    (construction des figures). La page *Environnement de développement*
    explique le problème aux lecteurs.
    """
    if "tensorflow" in sys.modules and "triton" not in sys.modules:
        raise RuntimeError(
            "TensorFlow est déjà importé : importez torch (et torchvision) avant "
            "tensorflow, sinon le processus plante au chargement de triton."
        )
    charges = []
    for nom in MODULES_A_CHARGER_D_ABORD:
        try:
            importlib.import_module(nom)
        except ImportError:
            continue
        charges.append(nom)
    return charges
