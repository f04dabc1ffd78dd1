"""Exécuter un chemin de lecture (ou un carnet de TP) dans le processus courant.

Un *chemin* est ce que lit un lecteur qui ne suit qu'un onglet (Keras ou
PyTorch) : les blocs hors onglets et ceux de cet onglet, dans l'ordre de la
page. Un carnet de travaux pratiques est une suite de cellules de code. Ce
module s'exécute dans un processus neuf, issu d'un serveur d'exécution
(`dlcourse.machinerie.serveur`) qui a déjà importé les frameworks du chemin et
rien d'autre. Il :

1. active le profil demandé (`dlcourse.donnees.profils`) : les chargeurs de
   données reçoivent les échantillons ou le miroir, à la frontière du
   téléchargement, sans que le code de la page change ;
2. rend ``dlcourse`` introuvable pour le code de la page : un lecteur ne l'a
   pas (`BloqueurDlcourse`) ;
3. se place dans un dossier temporaire ;
4. exécute les blocs par Sybil (`dlcourse.machinerie.sybil_livre`), dans un
   seul espace de noms, en gardant ce que chaque bloc a écrit et les figures
   montrées par ``plt.show()`` ;
5. évalue les résultats déclarés par la page et les relevés demandés par son
   test, puis écrit un rapport JSON.

Un échec nomme la page, l'onglet et la ligne du bloc.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.abc
import io
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from contextlib import chdir
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

_PAQUETS = ("numpy", "tensorflow", "keras", "torch", "torchvision", "scikit-learn", "matplotlib")


@dataclass
class Figure:
    """Une figure déclarée par une page : son fichier et son texte alternatif."""

    fichier: str
    alt: str


@dataclass
class Demande:
    """Ce qu'il faut exécuter, et ce qu'il faut en garder.

    Soit ``page`` (un fichier ``.md``, exécuté par Sybil, onglet ``onglet``),
    soit ``cellules`` (le code des cellules d'un carnet de TP).
    """

    nom: str
    page: str | None = None
    onglet: str | None = None
    cellules: list[str] | None = None
    figures: list[Figure] = field(default_factory=list)
    resultats: dict[str, str] = field(default_factory=dict)
    releves: dict[str, str] = field(default_factory=dict)
    """Des expressions que le test de la page veut connaître (valeurs JSON)."""
    frameworks: list[str] = field(default_factory=list)
    """Les frameworks que le code importe : le serveur qui l'exécute les a déjà chargés."""

    @classmethod
    def depuis_dict(cls, donnees: dict[str, Any]) -> Demande:
        """Reconstruit une demande à partir de son JSON."""
        donnees = dict(donnees)
        donnees["figures"] = [Figure(**f) for f in donnees.get("figures", [])]
        return cls(**donnees)


class ErreurExecution(RuntimeError):
    """Le code d'une page a échoué, ou ne correspond pas à ce que son en-tête déclare."""


class BloqueurDlcourse(importlib.abc.MetaPathFinder):
    """Rend ``import dlcourse`` impossible au code d'une page, comme chez un lecteur."""

    def find_spec(self, nom: str, chemin: Any = None, cible: Any = None) -> Any:
        if nom == "dlcourse" or nom.startswith("dlcourse."):
            raise ModuleNotFoundError(
                f"No module named {nom!r} : le code d'une page ne peut pas importer dlcourse, "
                "qu'un lecteur n'a pas (montrez l'outil sur la page).", name=nom)
        return None


def _cacher_dlcourse() -> BloqueurDlcourse:
    """Retire dlcourse des modules importés et du chemin, et bloque son import."""
    for nom in [n for n in sys.modules if n == "dlcourse" or n.startswith("dlcourse.")]:
        del sys.modules[nom]
    bloqueur = BloqueurDlcourse()
    sys.meta_path.insert(0, bloqueur)
    racine = str(Path(__file__).resolve().parents[2])
    sys.path[:] = [p for p in sys.path if p not in ("", ".", racine)]
    return bloqueur


def en_json(nom: str, valeur: Any) -> Any:
    """Convertit une valeur relevée en JSON (nombres, textes, listes, dictionnaires).

    Raises
    ------
    ErreurExecution
        Si la valeur n'a pas d'équivalent JSON (le message nomme le résultat).
    """
    if hasattr(valeur, "tolist") and hasattr(valeur, "ndim"):
        valeur = valeur.tolist()  # tableaux et scalaires NumPy, tenseurs
    elif hasattr(valeur, "item") and getattr(valeur, "ndim", 0) == 0:
        valeur = valeur.item()
    if isinstance(valeur, bool | int | float | str) or valeur is None:
        return valeur
    if isinstance(valeur, list | tuple):
        return [en_json(nom, v) for v in valeur]
    if isinstance(valeur, dict):
        return {str(k): en_json(nom, v) for k, v in valeur.items()}
    raise ErreurExecution(f"résultat {nom} : une valeur de type {type(valeur).__name__} ne "
                          "s'enregistre pas (nombre, texte, liste ou dictionnaire attendus).")


def appareil() -> str:
    """Décrit le processeur ou le GPU que le code exécuté a réellement utilisé.

    Un GPU n'est noté que si le code y a placé des données (PyTorch : mémoire
    allouée sur ``cuda`` ; TensorFlow : un pic de mémoire non nul sur le GPU) :
    un GPU présent mais inutilisé n'a rien calculé.

    Returns
    -------
    str
        Par exemple ``"CPU (2 cœurs, x86_64)"`` ou ``"GPU NVIDIA H100 80GB HBM3"``.
    """
    torch = sys.modules.get("torch")
    if (torch is not None and torch.cuda.is_initialized()
            and torch.cuda.max_memory_allocated() > 0):
        return f"GPU {torch.cuda.get_device_name(0)}"
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        for numero, gpu in enumerate(tf.config.list_physical_devices("GPU")):
            try:
                utilise = tf.config.experimental.get_memory_info(f"GPU:{numero}")["peak"] > 0
            except ValueError:  # GPU visible, mais que TensorFlow n'a pas initialisé
                continue
            if utilise:
                details = tf.config.experimental.get_device_details(gpu)
                return f"GPU {details.get('device_name', gpu.name)}"
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


class _Montreur:
    """Remplace ``plt.show()`` : enregistre (ou compte) les figures ouvertes, puis les ferme."""

    def __init__(self, plt: Any, demande: Demande, dossier: Path, enregistrer: bool) -> None:
        self.plt, self.demande, self.dossier, self.enregistrer = plt, demande, dossier, enregistrer
        self.montrees: list[Figure] = []
        self.images: list[str] = []  # PNG en base64, pour les carnets
        self.bloc: int | None = None
        self.par_bloc: dict[int, list[str]] = {}
        self.figures_par_bloc: dict[int, list[str]] = {}

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        plt = self.plt
        for numero in plt.get_fignums():
            figure = plt.figure(numero)
            if self.demande.cellules is not None and not self.demande.figures:
                # carnet : l'image va dans la sortie de la cellule
                tampon = io.BytesIO()
                figure.savefig(tampon, format="png", dpi=100 if self.enregistrer else 30)
                self.par_bloc.setdefault(self.bloc or 0, []).append(
                    base64.b64encode(tampon.getvalue()).decode("ascii"))
            elif self.demande.figures:
                if len(self.montrees) >= len(self.demande.figures):
                    raise ErreurExecution(
                        f"figure en trop : la page en déclare {len(self.demande.figures)} dans "
                        "son en-tête (execution: … figures:), le code en montre davantage.")
                declaree = self.demande.figures[len(self.montrees)]
                if self.enregistrer:
                    figure.savefig(self.dossier / declaree.fichier, dpi=100,
                                   metadata={"Description": declaree.alt})
                self.montrees.append(declaree)
                self.figures_par_bloc.setdefault(self.bloc or 0, []).append(declaree.fichier)
        plt.close("all")


def executer(demande: Demande, profil: str, dossier_figures: str | Path,
             enregistrer: bool = True, graine: int = 0) -> dict[str, Any]:
    """Exécute une demande dans le processus courant (un processus neuf, jetable).

    Parameters
    ----------
    demande : Demande
        Le chemin ou le carnet, et ce qu'il faut en garder.
    profil : str
        ``"rapide"`` ou ``"complet"``.
    dossier_figures : str or Path
        Où enregistrer les figures (PNG).
    enregistrer : bool
        Écrire les figures (profil complet) ou seulement les compter (tests).
    graine : int
        Graine fixée avant le premier bloc (la page fixe aussi la sienne).

    Returns
    -------
    dict
        ``nom``, ``profil``, ``duree_s`` (temps écoulé du seul code de la page),
        ``duree_cpu_s``, ``appareil``, ``versions``, ``donnees`` (le journal
        des chargements), ``resultats``, ``releves``, ``figures``, ``sorties``
        (ce que chaque bloc a écrit), ``images`` et ``valeurs`` (la figure et la
        valeur de la dernière expression de chaque cellule d'un carnet), ``frameworks``
        (chargés à la fin) et ``echec`` (``None``, ou la ligne et le message).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dlcourse.aides.graine import fixer_graine
    from dlcourse.donnees.profils import activer_profil
    from dlcourse.machinerie.sorties import SortieInvalide, preparer
    from dlcourse.machinerie.sybil_livre import exemples_du_chemin

    dossier_figures = Path(dossier_figures).resolve()
    dossier_figures.mkdir(parents=True, exist_ok=True)
    montrer = _Montreur(plt, demande, dossier_figures, enregistrer)
    valeurs: dict[int, str] = {}
    if demande.page is not None:
        etapes = [(e.bloc, e.ligne, e.exemple.evaluate)
                  for e in exemples_du_chemin(demande.page, demande.onglet)]
    else:
        etapes = [(rang, rang + 1, _executeur_de_cellule(code, rang, valeurs))
                  for rang, code in enumerate(demande.cellules or [])]
    profil_actif = activer_profil(profil)
    espace: dict[str, Any] = {"__name__": "__main__"}
    sorties: dict[int, str] = {}
    lignes_des_blocs: dict[int, int] = {}
    durees: dict[int, float] = {}
    echec = None
    plt.show = montrer
    fixer_graine(graine)
    bloqueur = _cacher_dlcourse()
    debut, debut_cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory(prefix="dlcourse-page-") as dossier, chdir(dossier):
        for bloc, ligne, evaluer in etapes:
            montrer.bloc = bloc
            tampon = io.StringIO()
            debut_bloc = time.perf_counter()
            try:
                with contextlib.redirect_stdout(tampon):
                    _evaluer(evaluer, espace)
            except BaseException as erreur:  # noqa: BLE001 — tout échec est rapporté
                echec = {"bloc": bloc, "ligne": ligne, "message": _message(erreur)}
                break
            finally:
                if tampon.getvalue():
                    sorties[bloc] = sorties.get(bloc, "") + tampon.getvalue()
            lignes_des_blocs.setdefault(bloc, ligne)
            durees[bloc] = durees.get(bloc, 0.0) + time.perf_counter() - debut_bloc
        duree, duree_cpu = time.perf_counter() - debut, time.process_time() - debut_cpu
        for bloc in list(sorties):
            try:
                sorties[bloc] = preparer(sorties[bloc], dossier)
            except SortieInvalide as erreur:
                echec = echec or {"bloc": bloc, "ligne": lignes_des_blocs.get(bloc), "message": (
                    f"la sortie du bloc ne s'enregistre pas : {erreur}.")}
                del sorties[bloc]
        sys.meta_path.remove(bloqueur)
        resultats, releves = {}, {}
        if echec is None:
            resultats = _evaluer_expressions(demande.resultats, espace, demande.nom, "résultat")
            releves = _evaluer_expressions(demande.releves, espace, demande.nom, "relevé",
                                           strict=False)
            if demande.figures and len(montrer.montrees) != len(demande.figures):
                echec = {"bloc": None, "ligne": None, "message": (
                    f"{len(demande.figures)} figure(s) déclarée(s) dans l'en-tête, "
                    f"{len(montrer.montrees)} montrée(s) par plt.show() : l'en-tête de la page "
                    "et son code ne correspondent pas.")}
    charges = sorted(nom for nom in ("torch", "tensorflow") if nom in sys.modules)
    journal = profil_actif.journal()
    # Le processus finit par os._exit (serveur d'exécution) : sans cet appel,
    # son cache temporaire resterait dans /tmp.
    profil_actif.desactiver()
    return {
        "nom": demande.nom,
        "profil": profil,
        "duree_s": round(duree, 1),
        "duree_cpu_s": round(duree_cpu, 1),
        "appareil": appareil(),
        "versions": versions(),
        "donnees": journal,
        "resultats": resultats,
        "releves": releves,
        "figures": [asdict(f) for f in montrer.montrees],
        "sorties": {str(k): v for k, v in sorted(sorties.items())},
        "durees_par_bloc_s": {str(k): round(v, 2) for k, v in sorted(durees.items())},
        "figures_par_bloc": {str(k): v for k, v in sorted(montrer.figures_par_bloc.items())},
        "images": {str(k): v for k, v in sorted(montrer.par_bloc.items())},
        "valeurs": {str(k): v for k, v in sorted(valeurs.items())},
        "frameworks": charges,
        "echec": echec,
    }


def _executeur_de_cellule(code: str, rang: int, valeurs: dict[int, str]):
    """Exécute une cellule comme Jupyter : la valeur de sa dernière expression est affichée."""
    import ast

    def executer_cellule(espace: dict[str, Any]) -> None:
        arbre = ast.parse(code)
        derniere = arbre.body[-1] if arbre.body else None
        if isinstance(derniere, ast.Expr):
            arbre.body.pop()
            exec(compile(arbre, f"<cellule {rang + 1}>", "exec"), espace)
            valeur = eval(compile(ast.Expression(derniere.value), f"<cellule {rang + 1}>",
                                  "eval"), espace)
            if valeur is not None:
                valeurs[rang] = repr(valeur)
        else:
            exec(compile(arbre, f"<cellule {rang + 1}>", "exec"), espace)

    return executer_cellule


def _evaluer(evaluer: Any, espace: dict[str, Any]) -> None:
    """Exécute un exemple Sybil (méthode ``evaluate``) ou une cellule dans ``espace``."""
    exemple = getattr(evaluer, "__self__", None)
    if exemple is not None and hasattr(exemple, "namespace"):
        exemple.namespace = espace
        exemple.document.namespace = espace
        evaluer()
    else:
        evaluer(espace)


def _message(erreur: BaseException) -> str:
    pile = traceback.format_exception(erreur)
    # Les cadres de la machinerie n'aident pas le lecteur : on garde ceux du code de la page.
    utiles = [c for c in pile if "dlcourse/machinerie" not in c and "site-packages/sybil" not in c]
    return "".join(utiles)[-4000:]


def _evaluer_expressions(expressions: dict[str, str], espace: dict[str, Any], nom: str,
                         genre: str, strict: bool = True) -> dict[str, Any]:
    valeurs: dict[str, Any] = {}
    for cle, expression in expressions.items():
        try:
            valeurs[cle] = en_json(cle, eval(expression, espace))  # noqa: S307
        except Exception as erreur:
            message = (f"{nom} : le {genre} « {cle} » ({expression}) ne s'évalue pas : "
                       f"{type(erreur).__name__}: {erreur}")
            if strict:
                raise ErreurExecution(message) from erreur
            valeurs[cle] = {"erreur": message}
    return valeurs


def main(arguments: list[str] | None = None) -> None:
    """Exécute ``DEMANDE`` (JSON) et écrit ``RAPPORT`` (JSON) : le travail d'un processus enfant."""
    import argparse

    analyseur = argparse.ArgumentParser(description="Exécute le code d'un chemin de page.")
    analyseur.add_argument("demande", type=Path)
    analyseur.add_argument("rapport", type=Path)
    analyseur.add_argument("--profil", choices=("rapide", "complet"), required=True)
    analyseur.add_argument("--figures", type=Path, required=True)
    analyseur.add_argument("--compter", action="store_true",
                           help="compter les figures sans les écrire")
    args = analyseur.parse_args(arguments)
    demande = Demande.depuis_dict(json.loads(args.demande.read_text(encoding="utf-8")))
    try:
        rapport = executer(demande, args.profil, args.figures, enregistrer=not args.compter)
    except ErreurExecution as erreur:
        rapport = {"nom": demande.nom, "echec": {"bloc": None, "ligne": None,
                                                 "message": str(erreur)}}
    provisoire = args.rapport.with_suffix(".tmp")
    provisoire.write_text(json.dumps(rapport, ensure_ascii=False, indent=2), encoding="utf-8")
    provisoire.replace(args.rapport)
