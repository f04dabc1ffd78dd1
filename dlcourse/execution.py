"""Exécuter le code d'un chemin de lecture dans un processus à part.

Un *chemin* est ce que lit un lecteur qui ne suit qu'un onglet (Keras ou
PyTorch) : les blocs hors onglets et ceux de cet onglet, dans l'ordre de la
page (`dlcourse.pages.code_du_chemin`). Le processus enfant :

1. charge PyTorch avant TensorFlow (`dlcourse.ordre_imports`) ;
2. active le profil demandé (`dlcourse.profils`) ;
3. se place dans un dossier temporaire (les fichiers que la page écrit,
   comme ``data/`` ou ``mnist_mlp.keras``, n'encombrent pas le dépôt) ;
4. exécute les blocs dans un même espace de noms ; chaque ``plt.show()``
   enregistre les figures ouvertes dans l'ordre déclaré par la page (sans
   déclaration, il les ferme seulement) ;
5. évalue les résultats déclarés et écrit le tout en JSON.

Utilisé par les tests (profil rapide) et par `dlcourse.figures`
(profil complet).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import chdir
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

DELAI_PAR_DEFAUT = 3600
"""Durée maximale (secondes) d'une exécution dans un processus enfant."""

_PAQUETS = ("numpy", "tensorflow", "keras", "torch", "torchvision", "scikit-learn", "matplotlib")


@dataclass
class Figure:
    """Une figure déclarée par une page : son fichier et son texte alternatif."""

    fichier: str
    alt: str


@dataclass
class Demande:
    """Ce qu'il faut exécuter : le code, les figures attendues, les résultats à relever."""

    blocs: list[str]
    figures: list[Figure] = field(default_factory=list)
    resultats: dict[str, str] = field(default_factory=dict)

    @classmethod
    def depuis_dict(cls, donnees: dict[str, Any]) -> Demande:
        """Reconstruit une demande à partir de son JSON."""
        return cls(list(donnees["blocs"]), [Figure(**f) for f in donnees.get("figures", [])],
                   dict(donnees.get("resultats", {})))


class ErreurExecution(RuntimeError):
    """Le code d'une page a échoué dans le processus enfant."""


def _en_json(nom: str, valeur: Any) -> Any:
    if hasattr(valeur, "item") and getattr(valeur, "ndim", 0) == 0:
        valeur = valeur.item()
    if isinstance(valeur, bool | int | float | str) or valeur is None:
        return valeur
    if isinstance(valeur, list | tuple) and all(isinstance(v, int | float) for v in valeur):
        return list(valeur)
    raise TypeError(f"résultat {nom} : valeur de type {type(valeur).__name__} non enregistrable "
                    "(nombre, texte ou liste de nombres attendus).")


def appareil() -> str:
    """Décrit le processeur ou le GPU utilisé par les frameworks chargés.

    Returns
    -------
    str
        Par exemple ``"CPU (2 cœurs)"`` ou ``"GPU NVIDIA H100 80GB HBM3"``.
    """
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        return f"GPU {torch.cuda.get_device_name(0)}"
    tf = sys.modules.get("tensorflow")
    if tf is not None and tf.config.list_physical_devices("GPU"):
        return "GPU (TensorFlow)"
    return f"CPU ({os.cpu_count()} cœurs, {platform.machine()})"


def versions() -> dict[str, str]:
    """Les versions de Python et des bibliothèques installées qui comptent pour le livre."""
    resultat = {"python": platform.python_version()}
    for paquet in _PAQUETS:
        try:
            resultat[paquet] = metadata.version(paquet)
        except metadata.PackageNotFoundError:
            continue
    return resultat


def executer(demande: Demande, profil: str, dossier_figures: str | Path,
             graine: int = 0) -> dict[str, Any]:
    """Exécute une demande dans le processus courant (appelée par le processus enfant).

    Parameters
    ----------
    demande : Demande
        Le code et ce qu'il faut en garder.
    profil : str
        ``"rapide"`` ou ``"complet"``.
    dossier_figures : str or Path
        Où enregistrer les figures (PNG).
    graine : int
        Graine fixée avant la première ligne (la page fixe aussi la sienne).

    Returns
    -------
    dict
        ``profil``, ``duree_s``, ``appareil``, ``versions``, ``donnees`` (le
        journal des chargements), ``resultats`` et ``figures``.

    Raises
    ------
    ErreurExecution
        Si le nombre de figures produites diffère de celui déclaré.
    """
    from dlcourse.ordre_imports import charger_torch_avant_tensorflow

    charger_torch_avant_tensorflow()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dlcourse import donnees
    from dlcourse.graine import fixer_graine
    from dlcourse.profils import activer_profil

    dossier_figures = Path(dossier_figures).resolve()
    dossier_figures.mkdir(parents=True, exist_ok=True)
    enregistrees: list[Figure] = []

    def montrer(*_args: Any, **_kwargs: Any) -> None:
        if not demande.figures:  # chemin sans figures déclarées : rien à garder
            plt.close("all")
            return
        for numero in plt.get_fignums():
            if len(enregistrees) >= len(demande.figures):
                raise ErreurExecution(
                    f"figure en trop : la page en déclare {len(demande.figures)} dans son "
                    "en-tête (execution: … figures:), le code en montre davantage."
                )
            figure = demande.figures[len(enregistrees)]
            plt.figure(numero).savefig(dossier_figures / figure.fichier, dpi=100,
                                       metadata={"Description": figure.alt})
            enregistrees.append(figure)
        plt.close("all")

    activer_profil(profil)
    plt.show = montrer
    espace: dict[str, Any] = {"__name__": "__main__"}
    fixer_graine(graine)
    debut = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlcourse-page-") as dossier, chdir(dossier):
        for numero, code in enumerate(demande.blocs, start=1):
            exec(compile(code, f"<bloc {numero}>", "exec"), espace)
        duree = time.perf_counter() - debut
        resultats = {nom: _en_json(nom, eval(expression, espace))
                     for nom, expression in demande.resultats.items()}
    if demande.figures and len(enregistrees) != len(demande.figures):
        raise ErreurExecution(
            f"{len(demande.figures)} figure(s) déclarée(s), {len(enregistrees)} montrée(s) par "
            "plt.show() : l'en-tête de la page et son code ne correspondent pas."
        )
    return {
        "profil": profil,
        "duree_s": round(duree, 1),
        "appareil": appareil(),
        "versions": versions(),
        "donnees": donnees.journal(),
        "resultats": resultats,
        "figures": [asdict(f) for f in enregistrees],
    }


def executer_dans_un_processus(demande: Demande, profil: str, dossier_figures: str | Path,
                               delai: float = DELAI_PAR_DEFAUT) -> dict[str, Any]:
    """Exécute une demande dans un nouveau processus Python et renvoie son rapport.

    Parameters
    ----------
    demande : Demande
        Le code et ce qu'il faut en garder.
    profil : str
        ``"rapide"`` ou ``"complet"``.
    dossier_figures : str or Path
        Où enregistrer les figures.
    delai : float
        Durée maximale en secondes.

    Returns
    -------
    dict
        Le rapport de `executer`.

    Raises
    ------
    ErreurExecution
        Si le processus échoue ; le message reprend la fin de sa sortie.
    """
    with tempfile.TemporaryDirectory(prefix="dlcourse-demande-") as dossier:
        entree, sortie = Path(dossier) / "demande.json", Path(dossier) / "rapport.json"
        entree.write_text(json.dumps(asdict(demande), ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}
        fini = subprocess.run(
            [sys.executable, "-m", "dlcourse.execution", str(entree), str(sortie),
             "--profil", profil, "--figures", str(Path(dossier_figures).resolve())],
            capture_output=True, text=True, timeout=delai, env=env, check=False,
        )
        if fini.returncode != 0 or not sortie.exists():
            fin = (fini.stdout[-3000:] + "\n" + fini.stderr[-6000:]).strip()
            raise ErreurExecution(f"l'exécution a échoué (code {fini.returncode}) :\n{fin}")
        return json.loads(sortie.read_text(encoding="utf-8"))


def main(arguments: list[str] | None = None) -> None:
    """Point d'entrée du processus enfant : ``python -m dlcourse.execution DEMANDE RAPPORT``."""
    analyseur = argparse.ArgumentParser(description="Exécute le code d'un chemin de page.")
    analyseur.add_argument("demande", type=Path)
    analyseur.add_argument("rapport", type=Path)
    analyseur.add_argument("--profil", choices=("rapide", "complet"), required=True)
    analyseur.add_argument("--figures", type=Path, required=True)
    args = analyseur.parse_args(arguments)
    demande = Demande.depuis_dict(json.loads(args.demande.read_text(encoding="utf-8")))
    rapport = executer(demande, args.profil, args.figures)
    args.rapport.write_text(json.dumps(rapport, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
