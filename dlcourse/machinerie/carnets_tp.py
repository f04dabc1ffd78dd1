"""Exécuter les carnets Jupyter des travaux pratiques et les enregistrer dans le site.

Les sources des carnets sont des fichiers Python au format *percent* de
jupytext (``snippets/tp/<nom>.py`` : cellules ``# %%`` et
``# %% [markdown]``), lisibles dans un diff. Ce module :

1. lit une source avec jupytext ;
2. l'exécute de haut en bas dans un **noyau Jupyter neuf** (nbclient), dans un
   dossier temporaire, avec le profil demandé (`dlcourse.donnees.profils`) activé au
   démarrage du noyau : le code du carnet ne change pas d'un profil à l'autre ;
3. relève les résultats déclarés dans l'en-tête de la source
   (``dlcourse: resultats: {nom: expression}``), évalués dans le noyau à la
   fin ;
4. remplace dans les cellules Markdown les marques
   ``{{ resultat carnet.nom format }}`` (`dlcourse.machinerie.resultats`) par les
   valeurs de cette exécution ou d'un autre carnet ;
5. replie les cellules marquées ``solution`` (métadonnées Jupyter
   ``source_hidden`` et ``outputs_hidden``) ;
6. écrit ``docs/tp/<nom>.ipynb`` avec les sorties de l'exécution (images
   matplotlib comprises) et, dans ses métadonnées ``dlcourse``, l'empreinte
   SHA-256 de la source, le profil, la durée, les données chargées et les
   résultats.

Le noyau reçoit un environnement propre à la construction, jamais une
modification du code du carnet : un ``KERAS_HOME`` temporaire, le tracé
matplotlib en ligne, les journaux C++ de TensorFlow réduits au silence et,
sauf si la variable est déjà définie, ``OMP_NUM_THREADS=1`` (sur une machine
partagée, les fils OpenMP de PyTorch qui s'attendent décuplent la durée).

``python -m dlcourse.machinerie.carnets_tp`` (appelé aussi par ``python -m
dlcourse.machinerie.figures``) reconstruit en profil complet les carnets périmés.
Utilisé par les pages ``docs/tp/`` (via `dlcourse.machinerie.hook_carnets_tp`) et par
``tests/tp/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE
from dlcourse.donnees.profils import PROFILS
from dlcourse.machinerie.resultats import remplacer

DOSSIER_SOURCES = RACINE / "snippets" / "tp"
"""Les sources des carnets (format *percent* de jupytext)."""

DOSSIER_CARNETS = DOSSIER_DOCS / "tp"
"""Où sont écrits les carnets exécutés (des pages du site)."""

ETIQUETTE_SOLUTION = "solution"
"""L'étiquette (*tag*) des cellules de solution, repliées dans le carnet et dans le site."""

CLE = "dlcourse"
"""La clé des métadonnées du carnet réservée au livre."""

DELAI_CELLULE = 3600
"""Durée maximale (secondes) de l'exécution d'une cellule."""

_MARQUE = re.compile(r"\{\{\s*resultat\s+(?P<carnet>[\w-]+)\.")
_RELEVE = "<<dlcourse-resultats>>"


class ErreurCarnet(RuntimeError):
    """Une source de carnet est mal formée ou son exécution a échoué."""


@dataclass(frozen=True)
class Carnet:
    """Un carnet de travaux pratiques : sa source et le carnet exécuté qu'elle produit."""

    nom: str
    source: Path
    cible: Path


def carnets(dossier_sources: Path = DOSSIER_SOURCES,
            dossier_carnets: Path = DOSSIER_CARNETS) -> list[Carnet]:
    """Les carnets du livre, triés par nom.

    Parameters
    ----------
    dossier_sources : Path
        Le dossier des sources ``.py``.
    dossier_carnets : Path
        Le dossier où vont les ``.ipynb``.

    Returns
    -------
    list[Carnet]
        Un carnet par fichier ``*.py`` des sources.
    """
    return [Carnet(s.stem, s, Path(dossier_carnets) / f"{s.stem}.ipynb")
            for s in sorted(Path(dossier_sources).glob("*.py"))]


def carnet(nom: str) -> Carnet:
    """Le carnet de ce nom (``cnn-mnist-keras``…).

    Raises
    ------
    ErreurCarnet
        Si aucune source ne porte ce nom.
    """
    tous = {c.nom: c for c in carnets()}
    if nom not in tous:
        raise ErreurCarnet(f"carnet {nom!r} inconnu ; carnets : {', '.join(tous) or 'aucun'}.")
    return tous[nom]


def empreinte(source: str | Path) -> str:
    """L'empreinte SHA-256 (64 caractères hexadécimaux) du fichier source d'un carnet."""
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()


def lire_source(source: str | Path) -> Any:
    """Lit une source jupytext : un ``nbformat.NotebookNode`` sans sorties.

    Raises
    ------
    ErreurCarnet
        Si le fichier n'existe pas ou n'a aucune cellule de code.
    """
    import jupytext

    source = Path(source)
    if not source.is_file():
        raise ErreurCarnet(f"source de carnet introuvable : {source}")
    nb = jupytext.read(source, fmt="py:percent")
    if not any(c.cell_type == "code" for c in nb.cells):
        raise ErreurCarnet(f"{source.name} : aucune cellule de code (format percent attendu).")
    return nb


def resultats_declares(nb: Any) -> dict[str, str]:
    """Les résultats déclarés dans l'en-tête d'une source : ``{nom: expression}``."""
    declaration = (nb.metadata.get(CLE) or {}).get("resultats") or {}
    if not isinstance(declaration, Mapping):
        raise ErreurCarnet("l'en-tête dlcourse.machinerie.resultats doit associer un nom à une expression.")
    return {str(k): str(v) for k, v in declaration.items()}


def citations(nb: Any) -> list[str]:
    """Les carnets cités par les marques ``{{ resultat carnet.nom }}`` des cellules Markdown."""
    noms = {m["carnet"] for c in nb.cells if c.cell_type == "markdown"
            for m in _MARQUE.finditer(c.source)}
    return sorted(noms)


def lire_metadonnees(chemin: str | Path) -> dict[str, Any]:
    """Les métadonnées ``dlcourse`` d'un carnet exécuté (vide s'il n'existe pas)."""
    chemin = Path(chemin)
    if not chemin.is_file():
        return {}
    return dict(json.loads(chemin.read_text(encoding="utf-8"))["metadata"].get(CLE) or {})


def executions(dossier_carnets: Path = DOSSIER_CARNETS) -> dict[str, dict[str, Any]]:
    """Les métadonnées ``dlcourse`` de chaque carnet exécuté : ``{nom: métadonnées}``.

    C'est la forme qu'attend `dlcourse.machinerie.resultats.remplacer` : la marque
    ``{{ resultat cnn-mnist-keras.exactitude_test pourcent }}`` y lit
    ``resultats.exactitude_test`` du carnet ``cnn-mnist-keras``.
    """
    return {p.stem: lire_metadonnees(p) for p in sorted(Path(dossier_carnets).glob("*.ipynb"))}


def _script_de_demarrage(profil: str) -> str:
    return (
        "def _dlcourse_preparer():\n"
        "    from dlcourse.donnees.profils import activer_profil\n"
        f"    activer_profil({profil!r})\n"
        "_dlcourse_preparer()\n"
        "del _dlcourse_preparer\n"
    )


def _code_de_releve(declares: Mapping[str, str]) -> str:
    expressions = ", ".join(f"{nom!r}: {expr}" for nom, expr in declares.items())
    return (
        "def _dlcourse_releve():\n"
        "    import json\n"
        "    from dlcourse.donnees import substitution as donnees\n"
        "    def en_json(v):\n"
        "        v = v.tolist() if hasattr(v, 'tolist') else v\n"
        "        return [en_json(x) for x in v] if isinstance(v, (list, tuple)) else v\n"
        f"    valeurs = {{k: en_json(v) for k, v in {{{expressions}}}.items()}}\n"
        f"    print({_RELEVE!r} + json.dumps({{'resultats': valeurs,\n"
        "                                  'donnees': donnees.journal()}))\n"
        "_dlcourse_releve()\n"
    )


_JOURNAL_NATIF = re.compile(r"^[IWEF]\d{4} [\d:. ]+\d+ [\w.]+:\d+\] .*\n?|"
                            r"^WARNING: All log messages before absl::InitializeLog.*\n?",
                            re.MULTILINE)


def _nettoyer_sorties(sorties: list[Any]) -> list[Any]:
    """Fusionne les flux consécutifs et retire les journaux natifs de TensorFlow (stderr).

    Ces lignes (``E0000 … cuda_platform.cc:52] failed call to cuInit``) viennent
    du code C++ de TensorFlow, pas du carnet ; elles varient d'une machine à
    l'autre.
    """
    resultat: list[Any] = []
    for sortie in sorties:
        if sortie.output_type == "stream":
            if sortie.name == "stderr":
                sortie.text = _JOURNAL_NATIF.sub("", sortie.text)
                if not sortie.text.strip():
                    continue
            precedente = resultat[-1] if resultat else None
            if (precedente is not None and precedente.output_type == "stream"
                    and precedente.name == sortie.name):
                precedente.text += sortie.text
                continue
        resultat.append(sortie)
    return resultat


def _appareil_et_versions() -> tuple[str, dict[str, str]]:
    from dlcourse.machinerie.execution import versions

    return f"CPU ({os.cpu_count()} cœurs)", versions()


def executer_carnet(source: str | Path, profil: str,
                    autres: Mapping[str, Mapping[str, Any]] | None = None,
                    delai_cellule: float = DELAI_CELLULE) -> Any:
    """Exécute une source de carnet de haut en bas dans un noyau Jupyter neuf.

    Parameters
    ----------
    source : str or Path
        Le fichier ``.py`` au format percent.
    profil : str
        ``"rapide"`` (échantillons livrés) ou ``"complet"`` (vraies données).
    autres : Mapping, optional
        Les métadonnées des autres carnets (`executions`), pour les marques
        ``{{ resultat … }}`` qui les citent.
    delai_cellule : float
        Durée maximale d'une cellule, en secondes.

    Returns
    -------
    nbformat.NotebookNode
        Le carnet avec ses sorties et ses métadonnées ``dlcourse``.

    Raises
    ------
    ValueError
        Si le profil est inconnu.
    ErreurCarnet
        Si une cellule échoue (le message reprend l'erreur) ou si une marque
        cite un résultat inconnu.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if profil not in PROFILS:
        raise ValueError(f"profil : {profil!r} inconnu ; choisissez parmi {', '.join(PROFILS)}.")
    source = Path(source).resolve()
    nb = lire_source(source)
    declares = resultats_declares(nb)
    nb.metadata.pop(CLE, None)
    nb.metadata.pop("jupytext", None)
    for numero, cellule in enumerate(nb.cells, start=1):
        cellule["id"] = f"cellule-{numero:02d}"
        if ETIQUETTE_SOLUTION in cellule.metadata.get("tags", []):
            cellule.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
    releve = nbformat.v4.new_code_cell(_code_de_releve(declares), id="releve")
    nb.cells.append(releve)

    env = {cle: valeur for cle, valeur in os.environ.items()
           if cle not in ("MPLBACKEND", "KERAS_HOME", "IPYTHONDIR")}
    debut = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlcourse-carnet-") as dossier:
        ipython = Path(dossier) / "ipython"
        demarrage = ipython / "profile_default" / "startup"
        demarrage.mkdir(parents=True)
        (demarrage / "00-dlcourse.py").write_text(_script_de_demarrage(profil), encoding="utf-8")
        travail = Path(dossier) / "travail"
        travail.mkdir()
        env.update({
            "IPYTHONDIR": str(ipython),
            "KERAS_HOME": str(Path(dossier) / "keras"),  # jamais le vrai cache de Keras
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "PYTHONWARNINGS": "ignore",
        })
        # Un seul fil OpenMP par défaut : sur une machine partagée, les fils de
        # PyTorch qui s'attendent les uns les autres décuplent la durée.
        env.setdefault("OMP_NUM_THREADS", "1")
        client = NotebookClient(nb, timeout=delai_cellule, kernel_name="python3",
                                record_timing=False,
                                resources={"metadata": {"path": str(travail)}})
        client.kernel_manager_class = "jupyter_client.manager.AsyncKernelManager"
        try:
            client.execute(env=env)
        except CellExecutionError as erreur:
            raise ErreurCarnet(f"{source.name} ({profil}) : une cellule a échoué :\n"
                               f"{str(erreur)[-4000:]}") from erreur
    duree = time.perf_counter() - debut
    nb.cells.pop()
    for cellule in nb.cells:
        if cellule.cell_type == "code":
            cellule.outputs = _nettoyer_sorties(cellule.outputs)
    texte = "".join(o.get("text", "") for o in releve.outputs if o.output_type == "stream")
    if _RELEVE not in texte:
        raise ErreurCarnet(f"{source.name} : relevé des résultats introuvable :\n{texte[-2000:]}")
    releve_json = json.loads(texte.split(_RELEVE, 1)[1].strip().splitlines()[0])
    appareil, versions = _appareil_et_versions()
    meta = {
        "source": str(source.relative_to(RACINE)) if source.is_relative_to(RACINE) else str(source),
        "empreinte_source": empreinte(source),
        "profil": profil,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "duree_s": round(duree, 1),
        "appareil": appareil,
        "versions": versions,
        "donnees": releve_json["donnees"],
        "resultats": releve_json["resultats"],
    }
    citees = dict(autres or {})
    citees[source.stem] = meta
    cites = {}
    for cellule in nb.cells:
        if cellule.cell_type == "markdown" and "{{" in cellule.source:
            for nom in {m["carnet"] for m in _MARQUE.finditer(cellule.source)}:
                if nom != source.stem:
                    cites[nom] = (citees.get(nom) or {}).get("empreinte_source")
            try:
                cellule.source = remplacer(cellule.source, citees, "", {})
            except KeyError as erreur:
                raise ErreurCarnet(f"{source.name} : {erreur.args[0]}") from erreur
    meta["citations"] = dict(sorted(cites.items()))
    nb.metadata[CLE] = meta
    return nb


def ecrire_carnet(nb: Any, chemin: str | Path) -> Path:
    """Écrit un carnet exécuté (JSON nbformat 4, indentation 1, fin de ligne finale)."""
    import nbformat

    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    chemin.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return chemin


def _ordre(liste: list[Carnet]) -> list[Carnet]:
    """Les carnets cités d'abord : un carnet qui en cite un autre vient après lui."""
    restants = {c.nom: c for c in liste}
    dependances = {c.nom: set(citations(lire_source(c.source))) - {c.nom} for c in liste}
    ordre: list[Carnet] = []
    while restants:
        prets = [n for n in restants if not dependances[n] & set(restants)]
        if not prets:
            raise ErreurCarnet(f"citations circulaires entre carnets : {', '.join(restants)}.")
        for nom in sorted(prets):
            ordre.append(restants.pop(nom))
    return ordre


def perimes(liste: list[Carnet] | None = None) -> list[tuple[Carnet, str]]:
    """Les carnets à reconstruire, avec la raison en français.

    Un carnet est périmé s'il manque, si sa source a changé (empreinte
    SHA-256), s'il n'a pas été produit par le profil complet, ou si un
    carnet qu'il cite a été reconstruit depuis.
    """
    liste = carnets() if liste is None else liste
    tous = {c.nom: lire_metadonnees(c.cible) for c in carnets()}
    a_refaire = []
    for c in liste:
        meta = lire_metadonnees(c.cible)
        if not meta:
            a_refaire.append((c, "jamais construit"))
        elif meta.get("empreinte_source") != empreinte(c.source):
            a_refaire.append((c, "la source a changé depuis la dernière construction"))
        elif meta.get("profil") != "complet":
            a_refaire.append((c, f"construit avec le profil {meta.get('profil')}"))
        elif changes := [n for n, e in (meta.get("citations") or {}).items()
                         if (tous.get(n) or {}).get("empreinte_source") != e]:
            a_refaire.append((c, f"carnet(s) cité(s) reconstruit(s) : {', '.join(changes)}"))
    return a_refaire


def construire(noms: list[str] | None = None, forcer: bool = False,
               afficher: Callable[[str], Any] = print) -> list[Carnet]:
    """Exécute en profil complet les carnets périmés et écrit ``docs/tp/<nom>.ipynb``.

    Parameters
    ----------
    noms : list of str, optional
        Les carnets à considérer (par défaut, tous).
    forcer : bool
        Reconstruire même ce qui est à jour.
    afficher : callable
        Où écrire l'avancement.

    Returns
    -------
    list[Carnet]
        Les carnets reconstruits.
    """
    liste = carnets() if noms is None else [carnet(n) for n in noms]
    faits: list[Carnet] = []
    for c in _ordre(liste):
        # l'état des carnets cités peut changer au fil de la boucle : on le relit
        raison = "reconstruction forcée" if forcer else dict(
            (x.nom, r) for x, r in perimes([c])).get(c.nom)
        if raison is None:
            afficher(f"à jour : {c.cible.relative_to(RACINE)}")
            continue
        afficher(f"exécution : {c.source.relative_to(RACINE)} ({raison})…")
        nb = executer_carnet(c.source, "complet", executions(c.cible.parent))
        ecrire_carnet(nb, c.cible)
        meta = nb.metadata[CLE]
        afficher(f"  fait en {meta['duree_s']:.0f} s : {meta['resultats']}")
        faits.append(c)
    return faits


def main(arguments: list[str] | None = None) -> None:
    """Point d'entrée : ``python -m dlcourse.machinerie.carnets_tp [--forcer] [--verifier] [NOM ...]``."""
    analyseur = argparse.ArgumentParser(description="Exécute les carnets des travaux pratiques.")
    analyseur.add_argument("noms", nargs="*", help="carnets à construire (défaut : tous)")
    analyseur.add_argument("--forcer", action="store_true",
                           help="reconstruire même ce qui est à jour")
    analyseur.add_argument("--verifier", action="store_true",
                           help="ne rien construire ; échouer si un carnet est périmé")
    args = analyseur.parse_args(arguments)
    if args.verifier:
        a_refaire = perimes([carnet(n) for n in args.noms] if args.noms else None)
        for c, raison in a_refaire:
            print(f"périmé : {c.nom} ({raison})")
        sys.exit(1 if a_refaire else 0)
    construire(args.noms or None, forcer=args.forcer)


if __name__ == "__main__":
    main()
