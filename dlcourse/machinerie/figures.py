"""Construire les figures et les résultats des pages (profil complet).

Une page déclare dans son en-tête YAML ce que chaque chemin produit :

```yaml
execution:
  Keras:                # un onglet, ou « commun » pour les seuls blocs hors onglets
    figures:
      - fichier: keras-courbes.png
        alt: "Courbes d'apprentissage…"
    resultats:
      exactitude_test: test_acc
jumeaux:
  exacts: [n_parametres]
  tolerances: {exactitude_test: 0.01}
```

Les carnets de travaux pratiques (``snippets/tp/*.py``) sont des cibles de
la même construction : leur en-tête déclare leurs résultats
(`dlcourse.machinerie.carnets_tp`).

``python -m dlcourse.machinerie.figures`` (``make figures``) exécute chaque
cible périmée en profil complet, deux à la fois (un serveur d'exécution par
cible, `dlcourse.machinerie.serveur`), enregistre ses figures à côté de la
page (dans le dossier qui porte le nom de la page) et écrit
``resultats.json`` : résultats, sorties des blocs, durée, données chargées,
appareil et versions détectés. Un carnet de TP est réécrit
(``docs/tp/<nom>.ipynb``) avec ses sorties. Ces fichiers sont versionnés : un
clone neuf construit le site sans rien entraîner. Chaque fichier est écrit
dans un fichier provisoire puis renommé : une construction interrompue ne
laisse rien à moitié écrit.

**La règle d'empreinte** (une seule, pour les pages et les carnets) : le code
que la cible exécute, inclusions développées (sans la prose), ses
déclarations (figures, résultats), le code de chaque module ``dlcourse``
qu'elle importe encore, suivi de proche en proche (sans commentaires ni
docstrings), l'identité des données qu'elle lit (le jeu et sa taille
complète) et les versions des bibliothèques. Une cible est périmée quand
cette empreinte change.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from dlcourse.machinerie import charge
from dlcourse.machinerie.charge import Charge
from dlcourse.machinerie.execution import Demande, Figure
from dlcourse.machinerie.ordre_imports import frameworks_importes
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE, code_du_chemin, get_data, onglets, pages

VERSION_PROTOCOLE = 1
"""Augmentez-la pour forcer la reconstruction de toutes les figures."""

FICHIER_RESULTATS = "resultats.json"

COMMUN = "commun"
"""Le nom, dans l'en-tête ``execution:``, du chemin fait des seuls blocs hors onglets.

C'est le chemin d'une page sans onglets (NumPy, scikit-learn…). Dans une page
qui a aussi des onglets, les blocs hors onglets s'exécutent de plus dans
chaque onglet : une figure qu'ils montrent doit alors être déclarée aussi
par chaque onglet déclaré.
"""

_IMPORT_DLCOURSE = re.compile(r"\bdlcourse((?:\.\w+)+)")

DONNEES_COMPLETES = {
    "mnist": {"motif": r"\bmnist\b|\bMNIST\b", "exemples": 70000},
    "fashion-mnist": {"motif": r"fashion_mnist|FashionMNIST", "exemples": 70000},
    "california-housing": {"motif": r"california_housing", "exemples": 20640},
}
"""L'identité des jeux complets qu'une cible lit (d'après son code), pour l'empreinte."""

TAILLES_DES_FICHIERS = {
    "train-images-idx3-ubyte.gz": 60000, "train-labels-idx1-ubyte.gz": 60000,
    "t10k-images-idx3-ubyte.gz": 10000, "t10k-labels-idx1-ubyte.gz": 10000,
    "mnist.npz": 70000, "cal_housing.data": 20640,
}
"""La taille complète de chaque fichier que lisent les chargeurs : une exécution complète
dont le journal des chargements donne une autre taille (un miroir tronqué, un autre jeu)
n'est pas enregistrée."""

PAQUETS_EMPREINTE = ("tensorflow", "keras", "torch", "torchvision", "numpy", "scikit-learn")
"""Les bibliothèques dont la version entre dans l'empreinte."""


class ErreurEntete(ValueError):
    """L'en-tête ``execution:`` d'une page est mal formé."""


CARNET = "carnet"
"""Le nom d'« onglet » d'une cible qui est un carnet de travaux pratiques."""


@dataclass
class Cible:
    """Une cible de la construction : un chemin déclaré d'une page, ou un carnet de TP."""

    page: Path
    """La page ``.md``, ou la source ``.py`` d'un carnet."""
    onglet: str
    """L'onglet déclaré, `COMMUN`, ou `CARNET`."""
    demande: Demande

    @property
    def est_carnet(self) -> bool:
        """Vrai pour un carnet de travaux pratiques."""
        return self.onglet == CARNET

    @property
    def dossier(self) -> Path:
        """Où vont ses figures et résultats : ``docs/partie/page/``, ou ``docs/tp/``."""
        if self.est_carnet:
            from dlcourse.machinerie.carnets_tp import DOSSIER_CARNETS

            return DOSSIER_CARNETS
        return self.page.with_suffix("")

    @property
    def nom(self) -> str:
        """``partie/page.md [Onglet]`` ou ``tp/nom.ipynb``, pour les messages."""
        if self.est_carnet:
            return f"tp/{self.page.stem}.ipynb"
        return f"{self.page.relative_to(DOSSIER_DOCS)} [{self.onglet}]"


def entete(page: str | Path) -> dict[str, Any]:
    """L'en-tête YAML d'une page (dictionnaire vide s'il n'y en a pas)."""
    return get_data(Path(page).read_text(encoding="utf-8"))[1]


def cibles_de_la_page(page: str | Path) -> list[Cible]:
    """Tous les chemins d'une page qui ont du code : ceux que l'en-tête déclare, puis les autres.

    Un chemin non déclaré n'a ni figure ni résultat, mais sa construction
    complète enregistre ce que ses blocs écrivent (`dlcourse.machinerie.sorties`).

    Raises
    ------
    ErreurEntete
        Si l'en-tête nomme un onglet absent de la page ou est mal formé.
    """
    from dlcourse.machinerie.carnets import chemins

    declarees = cibles_declarees(page)
    noms = {c.onglet for c in declarees}
    autres = [Cible(Path(page).resolve(), onglet or COMMUN,
                    demande_du_chemin(page, onglet)) for onglet in chemins(page)
              if (onglet or COMMUN) not in noms]
    return declarees + autres


def cibles_declarees(page: str | Path) -> list[Cible]:
    """Les chemins déclarés par l'en-tête ``execution:`` d'une page.

    Raises
    ------
    ErreurEntete
        Si l'en-tête nomme un onglet absent de la page ou est mal formé.
    """
    page = Path(page).resolve()
    declaration = entete(page).get("execution") or {}
    if not isinstance(declaration, dict):
        raise ErreurEntete(f"{page.name} : execution doit associer un onglet à sa déclaration.")
    existants = onglets(page)
    resultat = []
    for onglet, spec in declaration.items():
        if onglet != COMMUN and onglet not in existants:
            raise ErreurEntete(f"{page.name} : execution nomme l'onglet {onglet!r}, absent de la "
                               f"page (onglets : {', '.join(existants) or 'aucun'} ; "
                               f"« {COMMUN} » désigne les blocs hors onglets).")
        spec = spec or {}
        try:
            figures = [Figure(str(f["fichier"]), str(f["alt"])) for f in spec.get("figures", [])]
        except (KeyError, TypeError) as erreur:
            raise ErreurEntete(f"{page.name} [{onglet}] : chaque figure demande « fichier » et "
                               "« alt ».") from erreur
        if any(not f.alt.strip() for f in figures):
            raise ErreurEntete(f"{page.name} [{onglet}] : une figure a un texte alternatif vide.")
        resultats = {str(k): str(v) for k, v in (spec.get("resultats") or {}).items()}
        resultat.append(Cible(page, onglet, demande_du_chemin(
            page, None if onglet == COMMUN else onglet, figures, resultats)))
    return resultat


def demande_du_chemin(page: str | Path, onglet: str | None, figures: list[Figure] | None = None,
                      resultats: dict[str, str] | None = None,
                      releves: dict[str, str] | None = None) -> Demande:
    """La demande d'exécution d'un chemin : la page, l'onglet, ses frameworks.

    Parameters
    ----------
    page : str or Path
        La page ``.md``.
    onglet : str or None
        L'onglet suivi, ou ``None`` pour les seuls blocs hors onglets.
    figures, resultats : optional
        Ce que l'en-tête ``execution:`` déclare pour ce chemin.
    releves : dict, optional
        Les expressions que le test de la page veut connaître.
    """
    page = Path(page).resolve()
    code = code_du_chemin(page, onglet)
    try:
        nom = str(page.relative_to(DOSSIER_DOCS))
    except ValueError:
        nom = page.name
    return Demande(nom=f"{nom} [{onglet or COMMUN}]", page=str(page), onglet=onglet,
                   figures=list(figures or []), resultats=dict(resultats or {}),
                   releves=dict(releves or {}),
                   frameworks=sorted(frameworks_importes(code)))


def cibles(liste_pages: list[Path] | None = None) -> list[Cible]:
    """Tous les chemins déclarés des pages données (par défaut, de tout le livre)."""
    return [c for p in (pages() if liste_pages is None else liste_pages)
            for c in cibles_de_la_page(p)]


def _cibles_demandees(liste_pages: list[Path] | None,
                      carnets: bool | list[str] | None) -> list[Cible]:
    """Les cibles des pages et des carnets demandés.

    ``carnets`` : tous les carnets (``True``), aucun (``False``), ceux qui sont
    nommés (une liste), ou, par défaut, tous si et seulement si tout le livre
    est demandé.
    """
    if carnets is None:
        carnets = liste_pages is None
    if isinstance(carnets, list):
        de_carnets = cibles_des_carnets(carnets)
    else:
        de_carnets = cibles_des_carnets() if carnets else []
    return cibles(liste_pages) + de_carnets


def _code_sans_documentation(fichier: Path) -> str:
    """Le code d'un module sans commentaires ni docstrings : les corriger ne périme rien."""
    arbre = ast.parse(fichier.read_text(encoding="utf-8"))
    for noeud in ast.walk(arbre):
        corps = getattr(noeud, "body", None)
        if (isinstance(corps, list) and corps and isinstance(corps[0], ast.Expr)
                and isinstance(corps[0].value, ast.Constant)
                and isinstance(corps[0].value.value, str)):
            noeud.body = corps[1:] or [ast.Pass()]
    return ast.unparse(arbre)


def _fichier_du_module(nom: str) -> Path | None:
    """``dlcourse.aides.courbes`` → ``dlcourse/aides/courbes.py`` (ou ``None``)."""
    chemin = RACINE / Path(*nom.split("."))
    for candidat in (chemin.with_suffix(".py"), chemin / "__init__.py"):
        if candidat.is_file():
            return candidat
    return None


def modules_importes(code: str) -> dict[str, str]:
    """Les modules ``dlcourse`` qu'un code importe, de proche en proche, et leur code.

    Returns
    -------
    dict
        ``{nom du module: code sans documentation}``, modules importés par
        les modules importés compris.
    """
    a_voir = _imports_dlcourse(code)
    vus: dict[str, str] = {}
    while a_voir:
        nom = a_voir.pop()
        while nom not in vus and _fichier_du_module(nom) is None and "." in nom:
            nom = nom.rsplit(".", 1)[0]  # dlcourse.aides.courbes.tracer → le module
        fichier = _fichier_du_module(nom)
        if nom in vus or fichier is None:
            continue
        vus[nom] = _code_sans_documentation(fichier)
        a_voir += _imports_dlcourse(fichier.read_text(encoding="utf-8"))
    return dict(sorted(vus.items()))


def _imports_dlcourse(code: str) -> list[str]:
    """Les noms ``dlcourse…`` que des instructions ``import`` d'un code nomment.

    ``from dlcourse.aides import courbes`` donne ``dlcourse.aides.courbes`` ; une
    mention dans un commentaire ou une docstring ne compte pas (la corriger ne
    périme rien). Un code qui ne s'analyse pas est lu par expression régulière.
    """
    try:
        arbre = ast.parse(code)
    except SyntaxError:
        return [f"dlcourse{m}" for m in _IMPORT_DLCOURSE.findall(code)]
    noms: list[str] = []
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms += [alias.name for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom) and noeud.module and not noeud.level:
            noms += [f"{noeud.module}.{alias.name}" for alias in noeud.names]
    return [nom for nom in noms if nom == "dlcourse" or nom.startswith("dlcourse.")]


def _versions_empreinte() -> dict[str, str]:
    resultat = {}
    for paquet in PAQUETS_EMPREINTE:
        try:
            resultat[paquet] = metadata.version(paquet)
        except metadata.PackageNotFoundError:
            continue
    return resultat


def donnees_lues(code: str) -> dict[str, int]:
    """Les jeux complets qu'un code lit (d'après ses chargeurs), avec leur taille attendue."""
    return {jeu: d["exemples"] for jeu, d in DONNEES_COMPLETES.items()
            if re.search(d["motif"], code)}


def code_de_la_demande(demande: Demande) -> list[str]:
    """Le code qu'exécute une demande : le chemin de la page, ou les cellules du carnet."""
    if demande.cellules is not None:
        return list(demande.cellules)
    return code_du_chemin(Path(demande.page), demande.onglet)


def empreinte_du_code(demande: Demande) -> str:
    """L'empreinte SHA-256 d'une demande, selon la règle du module (64 caractères).

    Elle change dès que le code exécuté, les déclarations, le code d'un
    module ``dlcourse`` utilisé (pas ses commentaires), les données lues ou
    les versions des bibliothèques changent ; la prose n'y entre pas.
    """
    code = code_de_la_demande(demande)
    texte = "\n".join(code)
    contenu = json.dumps({
        "protocole": VERSION_PROTOCOLE,
        "code": code,
        "figures": [asdict(f) for f in demande.figures],
        "resultats": demande.resultats,
        "modules": modules_importes(texte),
        "donnees": donnees_lues(texte),
        "versions": _versions_empreinte(),
    }, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(contenu.encode("utf-8")).hexdigest()


def empreinte(cible: Cible) -> str:
    """L'empreinte d'une cible (`empreinte_du_code` de sa demande)."""
    return empreinte_du_code(cible.demande)


def lire_resultats(page: str | Path) -> dict[str, Any]:
    """Les résultats enregistrés d'une page : ``{onglet: rapport}`` (vide s'il n'y en a pas)."""
    fichier = Path(page).with_suffix("") / FICHIER_RESULTATS
    if not fichier.exists():
        return {}
    return json.loads(fichier.read_text(encoding="utf-8"))["executions"]


def cibles_des_carnets(noms: list[str] | None = None) -> list[Cible]:
    """Les carnets de travaux pratiques, comme cibles de la construction."""
    from dlcourse.machinerie import carnets_tp

    liste = carnets_tp.carnets() if noms is None else [carnets_tp.carnet(n) for n in noms]
    return [Cible(c.source, CARNET, carnets_tp.demande_du_carnet(c.source)) for c in liste]


def enregistrement(cible: Cible) -> dict[str, Any] | None:
    """Le rapport enregistré d'une cible (``None`` si elle n'a jamais été construite)."""
    if cible.est_carnet:
        from dlcourse.machinerie.carnets_tp import lire_metadonnees

        return lire_metadonnees(cible.dossier / f"{cible.page.stem}.ipynb") or None
    return lire_resultats(cible.page).get(cible.onglet)


def cout_enregistre(cible: Cible) -> float:
    """Le temps de calcul de la dernière exécution d'une cible (0 si jamais construite)."""
    rapport = enregistrement(cible) or {}
    return float(rapport.get("duree_cpu_s") or rapport.get("duree_s") or 0.0)


def raison_de_reconstruire(cible: Cible) -> str | None:
    """Pourquoi une cible est périmée (en français), ou ``None`` si elle est à jour."""
    rapport = enregistrement(cible)
    if rapport is None:
        return "jamais construite"
    if rapport.get("empreinte") != empreinte(cible):
        return "le code a changé depuis la dernière construction"
    if rapport.get("profil") != "complet":
        return f"construite avec le profil {rapport.get('profil')}"
    if absentes := [f.fichier for f in cible.demande.figures
                    if not (cible.dossier / f.fichier).exists()]:
        return f"figure(s) absente(s) : {', '.join(absentes)}"
    return None


def a_reassembler(cible: Cible) -> str | None:
    """Pour un carnet à jour : pourquoi le réécrire sans l'exécuter (prose changée), ou ``None``."""
    if not cible.est_carnet:
        return None
    from dlcourse.machinerie import carnets_tp

    publie = cible.dossier / f"{cible.page.stem}.ipynb"
    attendu = carnets_tp.ecrire(carnets_tp.assembler_carnet(
        cible.page, carnets_tp.rapport_enregistre(publie), empreinte(cible),
        carnets_tp.executions(cible.dossier)))
    if publie.read_text(encoding="utf-8") != attendu:
        return "la prose de la source a changé (carnet à réécrire, sans exécution)"
    return None


def perimees(liste_pages: list[Path] | None = None,
             carnets: bool | list[str] | None = None) -> list[tuple[Cible, str]]:
    """Les cibles dont les figures, résultats ou carnet manquent ou datent d'un autre code.

    Parameters
    ----------
    liste_pages : list of Path, optional
        Les pages à examiner (par défaut, tout le livre).
    carnets : bool or list of str, optional
        Examiner aussi les carnets de TP : tous, aucun ou ceux qui sont nommés
        (par défaut : tous pour tout le livre, aucun sinon).

    Returns
    -------
    list[tuple[Cible, str]]
        Chaque cible à reconstruire, avec la raison en français.
    """
    toutes = _cibles_demandees(liste_pages, carnets)
    a_refaire = []
    for cible in toutes:
        raison = raison_de_reconstruire(cible) or a_reassembler(cible)
        if raison:
            a_refaire.append((cible, raison))
    return a_refaire


def ecrire_atomiquement(fichier: Path, contenu: str | bytes) -> None:
    """Écrit un fichier dans un provisoire voisin, puis le renomme : jamais à moitié écrit."""
    fichier.parent.mkdir(parents=True, exist_ok=True)
    provisoire = fichier.with_name(f".{fichier.name}.provisoire")
    if isinstance(contenu, bytes):
        provisoire.write_bytes(contenu)
    else:
        provisoire.write_text(contenu, encoding="utf-8")
    os.replace(provisoire, fichier)


def _enregistrer(cible: Cible, rapport: dict[str, Any]) -> None:
    fichier = cible.dossier / FICHIER_RESULTATS
    executions = lire_resultats(cible.page)
    executions[cible.onglet] = rapport
    contenu = {"page": str(cible.page.relative_to(DOSSIER_DOCS)),
               "executions": dict(sorted(executions.items()))}
    ecrire_atomiquement(fichier, json.dumps(contenu, ensure_ascii=False, indent=2) + "\n")


def verifier_donnees(cible: Cible, rapport: dict[str, Any]) -> None:
    """Refuse une exécution complète qui n'a pas lu les jeux entiers (miroir tronqué…)."""
    for chargement in rapport.get("donnees", []):
        attendu = TAILLES_DES_FICHIERS.get(chargement["fichier"])
        if attendu is not None and chargement["exemples"] != attendu:
            raise ErreurConstruction(
                f"{cible.nom} : le jeu {chargement['jeu']} ({chargement['fichier']}) a "
                f"{chargement['exemples']} exemples, {attendu} attendus : le miroir de données "
                "n'est pas le jeu complet.")


class ErreurConstruction(RuntimeError):
    """Une cible n'a pas pu être construite ; le message nomme la cible et la cause."""


class MachineOccupee(ErreurConstruction):
    """D'autres processus occupent la machine : une durée mesurée maintenant serait fausse."""


ATTENTE_DU_REPOS_S = 120.0
"""Combien de temps une cible attend que la machine soit au repos avant de refuser."""

FENETRE_AVANT_S = 0.25
"""La durée de la mesure de charge avant une cible. Courte : la mesure qui fait foi est
celle de toute l'exécution (``charge_pendant``), qui refait la cible si on l'a dérangée.
Avec une seconde, les quelque 60 cibles du livre laissaient un cœur inoccupé une minute
en tout pendant la reconstruction complète."""


def attendre_le_repos(nom: str, malgre_la_charge: bool, afficher=print,
                      attente_s: float | None = None) -> Charge:
    """Mesure la charge étrangère avant une cible ; attend qu'elle retombe, sinon refuse.

    Raises
    ------
    MachineOccupee
        Si d'autres processus occupent encore la machine après ``attente_s``
        secondes (``ATTENTE_DU_REPOS_S`` par défaut ; sauf ``malgre_la_charge``).
    """
    if attente_s is None:  # lue à l'appel : un test peut la raccourcir
        attente_s = ATTENTE_DU_REPOS_S
    mesure = charge.mesurer(FENETRE_AVANT_S)
    debut = time.monotonic()
    while not mesure.au_repos and not malgre_la_charge:
        if time.monotonic() - debut >= attente_s:
            raise MachineOccupee(
                f"{nom} : machine occupée ({mesure.en_clair()}) ; la durée mesurée serait "
                "fausse, rien n'est enregistré. Relancez quand la machine est au repos "
                "(ou --malgre-la-charge pour enregistrer quand même, charge notée).")
        afficher(f"  {nom} : machine occupée ({mesure.en_clair()}), j'attends…")
        time.sleep(min(10.0, attente_s))
        mesure = charge.mesurer(1.0)
    return mesure


def _executer_cible(cible: Cible, serveurs: Any, malgre_la_charge: bool = False,
                    afficher=print) -> dict[str, Any]:
    """Exécute une cible en profil complet ; ses figures sont d'abord écrites à part.

    La charge des autres processus est mesurée avant la cible (on attend le
    repos) et pendant : une exécution dérangée est refaite une fois, puis
    refusée (`MachineOccupee`), sauf ``malgre_la_charge``.
    """
    from dlcourse.machinerie.execution import ErreurExecution

    avant = empreinte(cible)  # celle du code exécuté, même s'il change pendant l'exécution
    for essai in (1, 2):
        au_depart = attendre_le_repos(cible.nom, malgre_la_charge, afficher)
        with tempfile.TemporaryDirectory(prefix="dlcourse-figures-") as provisoire:
            releve = charge.relever() if charge.disponible() else None
            try:
                rapport = serveurs.executer(cible.demande, "complet", provisoire)
            except ErreurExecution as erreur:
                raise ErreurConstruction(str(erreur).splitlines()[0] +
                                         " (voir la trace ci-dessus)") from erreur
            pendant = (charge.charge_entre(releve, charge.relever()) if releve is not None
                       else charge.Charge(0.0, []))
            if rapport.get("echec"):
                echec = rapport["echec"]
                ou = f", ligne {echec['ligne']}" if echec.get("ligne") else ""
                dernier = [ligne for ligne in echec["message"].strip().splitlines() if ligne][-1]
                raise ErreurConstruction(f"{cible.nom}{ou} : {dernier}")
            if not pendant.au_repos and not malgre_la_charge:
                if essai == 2:
                    raise MachineOccupee(
                        f"{cible.nom} : d'autres processus ont occupé la machine pendant deux "
                        f"exécutions ({pendant.en_clair()}) ; rien n'est enregistré.")
                afficher(f"  {cible.nom} : dérangée ({pendant.en_clair()}), je la refais.")
                continue
            verifier_donnees(cible, rapport)
            for figure in rapport["figures"]:
                ecrire_atomiquement(cible.dossier / figure["fichier"],
                                    (Path(provisoire) / figure["fichier"]).read_bytes())
            break
    rapport.pop("journal", None)
    return {"empreinte": avant, "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "charge_au_depart": au_depart.enregistrement(),
            "charge_pendant": pendant.enregistrement(), **rapport}


def construire(liste_pages: list[Path] | None = None, forcer: bool = False,
               afficher=print, paralleles: int = 2, carnets: bool | list[str] | None = None,
               malgre_la_charge: bool = False) -> list[Cible]:
    """Exécute en profil complet les cibles périmées et enregistre figures et résultats.

    Parameters
    ----------
    liste_pages : list of Path, optional
        Les pages à construire (par défaut, tout le livre, carnets de TP compris).
    forcer : bool
        Reconstruire même ce qui est à jour.
    afficher : callable
        Où écrire l'avancement.
    paralleles : int
        Combien de cibles s'exécutent à la fois (une par cœur).
    carnets : bool or list of str, optional
        Construire aussi les carnets de TP : tous, aucun ou ceux qui sont nommés
        (par défaut : tous pour tout le livre, aucun sinon).
    malgre_la_charge : bool
        Enregistrer même si d'autres processus occupent la machine (la charge
        reste notée dans ``resultats.json``) ; sinon `MachineOccupee`.

    Returns
    -------
    list[Cible]
        Les cibles reconstruites.

    Raises
    ------
    ErreurConstruction
        Si une cible échoue : son message nomme la page, l'onglet et la ligne.
        Les cibles déjà faites restent enregistrées.
    """
    from concurrent.futures import ThreadPoolExecutor

    from dlcourse.machinerie import carnets_tp
    from dlcourse.machinerie.serveur import Serveurs

    debut, afficher_sans_temps = time.monotonic(), afficher

    def afficher(texte: str) -> None:  # chaque ligne : le temps écoulé depuis le départ
        afficher_sans_temps(f"[{time.monotonic() - debut:5.0f} s] {texte}")

    toutes = _cibles_demandees(liste_pages, carnets)
    a_executer = [c for c in toutes if forcer or raison_de_reconstruire(c)]
    # Les plus longues d'abord (d'après leur dernière exécution) : avec deux cibles à la
    # fois, la dernière lancée est courte et les deux cœurs finissent ensemble.
    a_executer.sort(key=lambda c: -cout_enregistre(c))
    for cible in toutes:
        if cible not in a_executer:
            afficher(f"à jour : {cible.nom}")
    # Un seul jeu de serveurs pour les deux fils : chaque jeu de frameworks n'est importé
    # qu'une fois (chaque cible garde son enfant neuf), au lieu d'une fois par fil.
    serveurs = Serveurs()

    def executer(cible: Cible) -> tuple[Cible, dict[str, Any]]:
        afficher(f"construction : {cible.nom}…")
        rapport = _executer_cible(cible, serveurs, malgre_la_charge, afficher)
        afficher(f"  {cible.nom} fait en {rapport['duree_s']:.1f} s "
                 f"(processeur : {rapport['duree_cpu_s']:.1f} s) : {rapport['resultats']}")
        return cible, rapport

    faits: dict[str, dict[str, Any]] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, paralleles)) as groupe:
            for cible, rapport in groupe.map(executer, a_executer):
                if not cible.est_carnet:
                    _enregistrer(cible, rapport)
                else:
                    faits[cible.page.stem] = rapport
    finally:
        serveurs.fermer()
    # Les carnets : assemblés après leurs exécutions (un carnet peut en citer un autre).
    des_carnets = {c.page: c for c in toutes if c.est_carnet}
    for carnet in carnets_tp._ordre(carnets_tp.carnets()):
        cible = des_carnets.get(carnet.source)
        if cible is None:
            continue
        publie = carnet.cible
        if carnet.nom in faits:
            rapport = faits[carnet.nom]
        elif publie.exists() and (forcer or a_reassembler(cible)):
            rapport = carnets_tp.rapport_enregistre(publie)
            afficher(f"réécriture (prose) : {cible.nom}")
        else:
            continue
        nb = carnets_tp.assembler_carnet(carnet.source, rapport, empreinte(cible),
                                         carnets_tp.executions(carnet.cible.parent))
        ecrire_atomiquement(publie, carnets_tp.ecrire(nb))
    return a_executer


def main(arguments: list[str] | None = None) -> None:
    """Point d'entrée : ``python -m dlcourse.machinerie.figures [--forcer] [PAGE ...]``.

    Une entrée invalide (page inconnue, miroir introuvable ou tronqué, en-tête
    mal formé, résultat qui ne s'évalue pas) donne une ligne en français qui
    la nomme, et le code de sortie 2.
    """
    from dlcourse.donnees.profils import ErreurProfil, dossier_donnees
    from dlcourse.donnees.substitution import verifier_dossier
    from dlcourse.machinerie.environnement import preparer_environnement

    analyseur = argparse.ArgumentParser(description="Construit les figures du livre.")
    analyseur.add_argument("pages", nargs="*", type=Path,
                           help="pages (docs/…/page.md) ou carnets de TP (docs/tp/nom.ipynb, "
                                "snippets/tp/nom.py) à construire (défaut : tout le livre)")
    analyseur.add_argument("--forcer", action="store_true",
                           help="reconstruire même ce qui est à jour")
    analyseur.add_argument("--verifier", action="store_true",
                           help="ne rien construire ; échouer si une figure est périmée")
    analyseur.add_argument("--paralleles", type=int, default=2,
                           help="cibles exécutées à la fois (défaut : 2, une par cœur)")
    analyseur.add_argument("--malgre-la-charge", action="store_true",
                           help="enregistrer même si d'autres processus occupent la machine")
    args = analyseur.parse_args(arguments)
    try:
        demandes = [_page_ou_carnet(p) for p in args.pages]
        liste = [d for d in demandes if isinstance(d, Path)]
        noms_carnets = [d for d in demandes if isinstance(d, str)]
        if not demandes:
            liste, noms_carnets = None, None
        if args.verifier:
            a_refaire = perimees(liste, noms_carnets)
            for cible, raison in a_refaire:
                print(f"périmée : {cible.nom} ({raison})")
            sys.exit(1 if a_refaire else 0)
        preparer_environnement(fils=1 if args.paralleles > 1 else None)
        miroir = dossier_donnees("complet")
        if miroir is not None:
            verifier_dossier(miroir)
        debut = time.perf_counter()
        construire(liste, forcer=args.forcer, paralleles=args.paralleles,
                   carnets=noms_carnets, malgre_la_charge=args.malgre_la_charge)
        print(f"construction terminée en {time.perf_counter() - debut:.0f} s")
    except (ErreurProfil, ErreurEntete, ErreurConstruction, FileNotFoundError) as erreur:
        print(f"make figures : {erreur}", file=sys.stderr)
        sys.exit(2)


def _page_ou_carnet(chemin: Path) -> Path | str:
    """Une demande de la ligne de commande, vérifiée : une page, ou le nom d'un carnet de TP.

    Un carnet se désigne par son carnet publié (``docs/tp/nom.ipynb``) ou par sa
    source (``snippets/tp/nom.py``).
    """
    from dlcourse.machinerie import carnets_tp

    if chemin.suffix in (".ipynb", ".py"):
        tous = {c.nom: c for c in carnets_tp.carnets()}
        carnet = tous.get(chemin.stem)
        if carnet and chemin.resolve() in (carnet.source.resolve(), carnet.cible.resolve()):
            return carnet.nom
        raise FileNotFoundError(
            f"carnet de TP introuvable : {chemin} (attendu : docs/tp/NOM.ipynb ou "
            f"snippets/tp/NOM.py, NOM parmi {', '.join(sorted(tous))}).")
    page = chemin.resolve()
    if not page.is_file() or page.suffix != ".md" or not page.is_relative_to(DOSSIER_DOCS):
        raise FileNotFoundError(f"page introuvable : {chemin} (attendu : un fichier .md "
                                f"existant sous {DOSSIER_DOCS.relative_to(RACINE)}/, ou un "
                                "carnet de TP docs/tp/NOM.ipynb).")
    return page


if __name__ == "__main__":
    main()
