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

``python -m dlcourse.machinerie.figures`` exécute chaque chemin déclaré dont le code a
changé (empreinte SHA-256 du code développé, des déclarations et des modules
``dlcourse`` qu'il importe), enregistre ses figures à côté de la page (dans le
dossier qui porte le nom de la page) et écrit ``resultats.json`` : résultats,
durée, taille des données, appareil, versions. Ces fichiers sont versionnés :
un clone neuf construit le site sans rien entraîner.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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

_IMPORT_DLCOURSE = re.compile(r"\bdlcourse\.(\w+)")


class ErreurEntete(ValueError):
    """L'en-tête ``execution:`` d'une page est mal formé."""


@dataclass
class Cible:
    """Un chemin déclaré d'une page : ce qu'il faut exécuter et où ranger le résultat."""

    page: Path
    onglet: str
    demande: Demande

    @property
    def dossier(self) -> Path:
        """Le dossier de la page (``docs/partie/page/``), qui reçoit figures et résultats."""
        return self.page.with_suffix("")

    @property
    def nom(self) -> str:
        """``partie/page.md [Onglet]``, pour les messages."""
        return f"{self.page.relative_to(DOSSIER_DOCS)} [{self.onglet}]"


def entete(page: str | Path) -> dict[str, Any]:
    """L'en-tête YAML d'une page (dictionnaire vide s'il n'y en a pas)."""
    return get_data(Path(page).read_text(encoding="utf-8"))[1]


def cibles_de_la_page(page: str | Path) -> list[Cible]:
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
    return [c for p in (liste_pages or pages()) for c in cibles_de_la_page(p)]


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


def empreinte(cible: Cible) -> str:
    """L'empreinte SHA-256 de ce qui détermine les figures et résultats d'un chemin.

    Returns
    -------
    str
        64 caractères hexadécimaux ; elle change dès que le code développé,
        les déclarations ou le code d'un module ``dlcourse`` utilisé
        changent (pas ses commentaires ni ses docstrings).
    """
    code = "\n".join(cible.demande.blocs)
    modules = sorted(set(_IMPORT_DLCOURSE.findall(code)))
    sources = {m: _code_sans_documentation(RACINE / "dlcourse" / f"{m}.py")
               for m in modules if (RACINE / "dlcourse" / f"{m}.py").exists()}
    contenu = json.dumps({"protocole": VERSION_PROTOCOLE, "demande": asdict(cible.demande),
                          "modules": sources}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(contenu.encode("utf-8")).hexdigest()


def lire_resultats(page: str | Path) -> dict[str, Any]:
    """Les résultats enregistrés d'une page : ``{onglet: rapport}`` (vide s'il n'y en a pas)."""
    fichier = Path(page).with_suffix("") / FICHIER_RESULTATS
    if not fichier.exists():
        return {}
    return json.loads(fichier.read_text(encoding="utf-8"))["executions"]


def perimees(liste_pages: list[Path] | None = None) -> list[tuple[Cible, str]]:
    """Les chemins dont les figures ou résultats manquent ou datent d'un autre code.

    Returns
    -------
    list[tuple[Cible, str]]
        Chaque chemin à reconstruire, avec la raison en français.
    """
    a_refaire = []
    for cible in cibles(liste_pages):
        rapport = lire_resultats(cible.page).get(cible.onglet)
        if rapport is None:
            a_refaire.append((cible, "jamais construit"))
        elif rapport.get("empreinte") != empreinte(cible):
            a_refaire.append((cible, "le code a changé depuis la dernière construction"))
        elif rapport.get("profil") != "complet":
            a_refaire.append((cible, f"construit avec le profil {rapport.get('profil')}"))
        elif absentes := [f.fichier for f in cible.demande.figures
                         if not (cible.dossier / f.fichier).exists()]:
            a_refaire.append((cible, f"figure(s) absente(s) : {', '.join(absentes)}"))
    return a_refaire


def _enregistrer(cible: Cible, rapport: dict[str, Any]) -> None:
    fichier = cible.dossier / FICHIER_RESULTATS
    executions = lire_resultats(cible.page)
    executions[cible.onglet] = rapport
    contenu = {"page": str(cible.page.relative_to(DOSSIER_DOCS)),
               "executions": dict(sorted(executions.items()))}
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text(json.dumps(contenu, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def construire(liste_pages: list[Path] | None = None, forcer: bool = False,
               afficher=print) -> list[Cible]:
    """Exécute en profil complet les chemins périmés et enregistre figures et résultats.

    Parameters
    ----------
    liste_pages : list of Path, optional
        Les pages à construire (par défaut, tout le livre).
    forcer : bool
        Reconstruire même ce qui est à jour.
    afficher : callable
        Où écrire l'avancement.

    Returns
    -------
    list[Cible]
        Les chemins reconstruits.
    """
    toutes = cibles(liste_pages)
    a_faire = toutes if forcer else [c for c, _ in perimees(liste_pages)]
    for cible in toutes:
        if cible not in a_faire:
            afficher(f"à jour : {cible.nom}")
    for cible in a_faire:
        afficher(f"construction : {cible.nom}…")
        debut = time.perf_counter()
        avant = empreinte(cible)  # celle du code exécuté, même s'il change pendant l'exécution
        rapport = executer_dans_un_processus(cible.demande, "complet", cible.dossier)
        rapport = {"empreinte": avant,
                   "date": datetime.now(UTC).isoformat(timespec="seconds"), **rapport}
        _enregistrer(cible, rapport)
        afficher(f"  fait en {time.perf_counter() - debut:.0f} s : {rapport['resultats']}")
    return a_faire


def main(arguments: list[str] | None = None) -> None:
    """Point d'entrée : ``python -m dlcourse.machinerie.figures [--forcer] [PAGE ...]``."""
    analyseur = argparse.ArgumentParser(description="Construit les figures du livre.")
    analyseur.add_argument("pages", nargs="*", type=Path,
                           help="pages à construire (défaut : toutes)")
    analyseur.add_argument("--forcer", action="store_true",
                           help="reconstruire même ce qui est à jour")
    analyseur.add_argument("--verifier", action="store_true",
                           help="ne rien construire ; échouer si une figure est périmée")
    args = analyseur.parse_args(arguments)
    liste = [p.resolve() for p in args.pages] or None
    if args.verifier:
        a_refaire = perimees(liste)
        for cible, raison in a_refaire:
            print(f"périmée : {cible.nom} ({raison})")
        sys.exit(1 if a_refaire else 0)
    construire(liste, forcer=args.forcer)
    if liste is None:  # tout le livre : les carnets des travaux pratiques aussi
        from dlcourse.machinerie.carnets_tp import construire as construire_carnets

        construire_carnets(forcer=args.forcer)


if __name__ == "__main__":
    main()
