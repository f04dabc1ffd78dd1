"""Le mécanisme commun des tests des pages : exécuter chaque chemin une fois, ici.

- `serveurs` : les serveurs d'exécution de ce processus de test
  (`dlcourse.machinerie.serveur`), un par jeu de frameworks ;
- `rapport_du_chemin` : le rapport de l'exécution rapide d'un chemin (page,
  onglet), calculé une fois puis gardé. Les relevés demandés par le test de
  la page (``RELEVES`` dans ``tests/<partie>/test_<page>.py``) sont évalués
  dans le même processus, à la fin du chemin ;
- `rapport` : pour un module de test qui définit ``PAGE``, le rapport d'un
  onglet de cette page.

Les tests d'une page (le test générique de ``tests/test_pages.py`` et ceux de
son module) portent la marque ``xdist_group`` de la page : pytest-xdist les
envoie au même processus, qui exécute donc chaque chemin une seule fois.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dlcourse.machinerie import carnets_tp, figures
from dlcourse.machinerie.chemins import (
    DOSSIER_TESTS,
    GROUPE_DES_DEUX_FRAMEWORKS,
    groupe,
    message_d_echec,
    releves_de_la_page,
)
from dlcourse.machinerie.ordre_imports import frameworks_importes
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE
from dlcourse.machinerie.serveur import Serveurs


@pytest.fixture(scope="session")
def serveurs() -> Iterator[Serveurs]:
    with Serveurs() as s:
        yield s


_RAPPORTS: dict[tuple[Path, str | None], dict[str, Any]] = {}


@pytest.fixture(scope="session")
def rapport_du_chemin(serveurs, tmp_path_factory) -> Callable[[Path, str | None], dict]:
    """``rapport_du_chemin(page, onglet)`` : le rapport rapide du chemin (exécuté une fois)."""

    def obtenir(page: Path, onglet: str | None) -> dict[str, Any]:
        cle = (page, onglet)
        if cle not in _RAPPORTS:
            nom_declare = onglet or figures.COMMUN
            declare = {c.onglet: c for c in figures.cibles_de_la_page(page)}.get(nom_declare)
            releves = releves_de_la_page(page).get(nom_declare, {})
            demande = figures.demande_du_chemin(
                page, onglet, declare.demande.figures if declare else [],
                declare.demande.resultats if declare else {}, releves)
            dossier = tmp_path_factory.mktemp("figures")
            _RAPPORTS[cle] = serveurs.executer(demande, "rapide", dossier, enregistrer=False,
                                               delai=600)
        return _RAPPORTS[cle]

    return obtenir


@pytest.fixture
def rapport(request, rapport_du_chemin) -> Callable[[str | None], dict]:
    """Pour le test d'une page (module avec ``PAGE``) : ``rapport("Keras")`` → son rapport rapide.

    Échoue (avec la page, l'onglet et la ligne) si le chemin a échoué.
    """
    page = Path(request.module.PAGE).resolve()

    def obtenir(onglet: str | None = None) -> dict[str, Any]:
        resultat = rapport_du_chemin(page, onglet)
        if resultat.get("echec"):
            pytest.fail(message_d_echec(resultat), pytrace=False)
        return resultat

    return obtenir


@dataclass
class Construction:
    """Le résultat de ``mkdocs build --strict`` : code de retour, journal, dossier."""

    code: int
    journal: str
    site: Path


CONSTRUIRE = """\
import json, os, subprocess, sys, traceback
site, resume = sys.argv[1], sys.argv[2]
try:
    resultat = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", sys.argv[3],
         "--site-dir", site],
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True,
        timeout=600, check=False)
    code, journal = resultat.returncode, resultat.stdout + resultat.stderr
except Exception:  # délai dépassé… : le résumé le dit, personne n'attend en vain
    code, journal = 1, traceback.format_exc()
provisoire = resume + ".provisoire"
with open(provisoire, "w", encoding="utf-8") as f:
    json.dump({"code": code, "journal": journal}, f)
os.replace(provisoire, resume)
"""
"""Le script qui construit le site (``mkdocs build --strict``) et écrit son résumé
(code de retour, journal) d'un coup : qui le lit le trouve entier ou absent."""


def _fichiers_de_construction(commun: Path) -> tuple[Path, Path, Path]:
    """Le site, son résumé et le repère d'une construction lancée d'avance (pid)."""
    return (commun / "site-construit", commun / "site-construit.json",
            commun / "site-construit.lancee")


def _lancer_la_construction(commun: Path) -> subprocess.Popen:
    site, resume, lancee = _fichiers_de_construction(commun)
    processus = subprocess.Popen(
        [sys.executable, "-c", CONSTRUIRE, str(site), str(resume), str(RACINE / "mkdocs.yml")],
        cwd=RACINE)  # pymdownx.snippets lit ses chemins depuis le dossier courant
    lancee.write_text(str(processus.pid), encoding="utf-8")
    return processus


def _la_session_construit_le_site(config: pytest.Config) -> bool:
    """Vrai si la session lance tous les tests d'un dossier qui lit le site construit."""
    if config.getoption("keyword", "") or config.getoption("markexpr", ""):
        return False
    chemins = [(config.invocation_params.dir / a).resolve() for a in config.args if "::" not in a]
    dossiers = [RACINE / "tests" / d for d in DOSSIERS_DU_SITE]
    return any(c == d or c in d.parents for c in chemins for d in dossiers)


_CONSTRUCTION_D_AVANCE: list[subprocess.Popen] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    """Sous pytest-xdist, le processus qui distribue les tests construit le site d'avance.

    Il ne fait rien d'autre pendant la session : la construction (20 à 30 s)
    tourne pendant que les deux processus de test exécutent leurs premiers
    chemins, au lieu que l'un d'eux l'attende sans rien faire.
    """
    config = session.config
    if (os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", 0)
            or os.environ.get("DLCOURSE_SITE_CONSTRUIT")
            or not _la_session_construit_le_site(config)):
        return
    commun = config._tmp_path_factory.getbasetemp()  # celui des processus de test, au-dessus
    _CONSTRUCTION_D_AVANCE.append(_lancer_la_construction(commun))


def pytest_sessionfinish(session: pytest.Session) -> None:
    for processus in _CONSTRUCTION_D_AVANCE:
        if processus.poll() is None:
            processus.kill()
        processus.wait()


def _attendre_la_construction_d_avance(resume: Path, lancee: Path) -> None:
    """Attend le résumé d'une construction lancée d'avance, tant qu'elle tourne."""
    if not lancee.exists():
        return
    pid = int(lancee.read_text(encoding="utf-8"))
    limite = time.monotonic() + 900  # au-delà du délai de la construction elle-même
    while not resume.exists() and time.monotonic() < limite:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return  # morte sans résumé (session interrompue) : on construit soi-même
        time.sleep(0.2)


@pytest.fixture(scope="session")
def construction(tmp_path_factory: pytest.TempPathFactory) -> Construction:
    """Le site construit une fois par session, en mode strict (tests/site et tests/navigateur).

    Sous pytest-xdist, le processus qui distribue les tests l'a lancée d'avance
    (`pytest_sessionstart`) : on attend son résumé. Sinon, le premier des deux
    groupes (« site » et « navigateur ») qui demande le site le construit dans
    le dossier temporaire commun de la session, l'autre attend (verrou
    ``fcntl``) puis relit le résultat. Une seule construction.
    """
    commun = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        commun = commun.parent  # le dossier de la session, commun aux processus
    site, resume, lancee = _fichiers_de_construction(commun)
    with open(commun / "site-construit.verrou", "w", encoding="utf-8") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)
        _attendre_la_construction_d_avance(resume, lancee)
        if not resume.exists():
            lancee.unlink(missing_ok=True)
            _lancer_la_construction(commun).wait()
        lu = json.loads(resume.read_text(encoding="utf-8"))
    return Construction(lu["code"], lu["journal"], site)


@pytest.fixture(scope="session")
def site_construit(request: pytest.FixtureRequest) -> Path:
    """Le site que la suite a construit (``construction``), ou celui de
    ``DLCOURSE_SITE_CONSTRUIT`` (déjà construit, pour aller vite en écrivant les tests).

    Partagé par ``tests/site`` (éditions PDF, paquet) et ``tests/navigateur``.
    """
    deja = os.environ.get("DLCOURSE_SITE_CONSTRUIT")
    if deja:
        return Path(deja)
    construction = request.getfixturevalue("construction")
    if construction.code != 0:
        pytest.fail("mkdocs build --strict a échoué (voir tests/site/test_site.py)", pytrace=False)
    return construction.site


DOSSIERS_DU_SITE = ("site", "navigateur")
"""Les tests du site construit, un groupe xdist par dossier (construction partagée :
voir ``construction``) ; le navigateur, le plus long, passe juste après les
carnets d'ouverture (`CARNETS_D_OUVERTURE`)."""

GROUPE_DES_FRAMEWORKS = "frameworks dans le processus de test"
"""Les modules de test qui importent eux-mêmes PyTorch ou TensorFlow (tests des
aides et de la frontière des données) : un seul groupe, donc un seul des deux
processus de test paie l'import des frameworks (8 à 10 s pour TensorFlow)."""


@functools.cache
def _importe_un_framework(module: Path) -> bool:
    return bool(frameworks_importes([module.read_text(encoding="utf-8")]))


CARNETS_D_OUVERTURE = 2
"""Les carnets de TP qui ouvrent la session, un par processus de test : le site se
construit pendant ce temps (`pytest_sessionstart`), puis le navigateur et les
tests du site le trouvent prêt au lieu de l'attendre."""


def _cout_estime(nom_du_groupe: str | None) -> float:
    """Le coût relatif d'un groupe, pour lancer les plus longs d'abord.

    Les carnets d'ouverture (`CARNETS_D_OUVERTURE`), puis le navigateur, puis les tests
    du site (deux groupes, une construction partagée) ; puis les autres carnets de TP,
    les plus longs d'abord ; puis les pages, selon le temps de calcul de leur dernière
    exécution complète (une approximation de leur coût en profil rapide) ; le reste
    garde l'ordre de la collecte. L'ordre ne change que l'équilibre des deux
    processus, jamais ce qui est vérifié.
    """
    if nom_du_groupe in DOSSIERS_DU_SITE:
        return 1e9 if nom_du_groupe == "navigateur" else 1e8
    if nom_du_groupe is None:
        return 0.0
    if nom_du_groupe == GROUPE_DES_FRAMEWORKS:
        return 30.0  # les imports, puis de petits modèles : comme une page moyenne
    if nom_du_groupe == GROUPE_DES_DEUX_FRAMEWORKS:
        return 40.0  # le serveur des deux frameworks, deux imports dans des processus neufs
    page = DOSSIER_DOCS / nom_du_groupe
    if page.suffix == ".md" and page.is_file():
        return 1.0 + sum(r.get("duree_cpu_s") or 0.0
                         for r in figures.lire_resultats(page).values())
    # un carnet de TP (« tp/<nom> ») : son temps de calcul enregistré
    meta = carnets_tp.lire_metadonnees(DOSSIER_DOCS / f"{nom_du_groupe}.ipynb")
    return 1e6 + (meta.get("duree_cpu_s") or 0.0)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Les tests d'une page rejoignent le groupe de la page ; ceux du site, le groupe « site ».

    Puis les groupes les plus longs passent d'abord (``--no-loadscope-reorder``
    garde cet ordre) : le dernier groupe lancé est court, et les deux
    processus finissent ensemble.
    """
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        page = getattr(getattr(item, "module", None), "PAGE", None)
        dossier = Path(str(item.path)).parent
        if isinstance(page, Path):
            item.add_marker(pytest.mark.xdist_group(groupe(Path(page).resolve())))
        elif dossier.parent == DOSSIER_TESTS and dossier.name in DOSSIERS_DU_SITE:
            item.add_marker(pytest.mark.xdist_group(dossier.name))
        elif Path(str(item.path)).suffix == ".py" and _importe_un_framework(Path(str(item.path))):
            item.add_marker(pytest.mark.xdist_group(GROUPE_DES_FRAMEWORKS))
    noms = []
    for item in items:
        marque = item.get_closest_marker("xdist_group")
        noms.append(str(marque.args[0]) if marque and marque.args else None)
    couts = {nom: _cout_estime(nom) for nom in dict.fromkeys(noms)}
    carnets = sorted((nom for nom in couts if nom and nom.startswith("tp/")),
                     key=lambda nom: -couts[nom])
    for nom in carnets[:CARNETS_D_OUVERTURE]:
        couts[nom] = float("inf")
    rang = {id(item): -couts[nom] for item, nom in zip(items, noms, strict=True)}
    items.sort(key=lambda item: rang[id(item)])  # tri stable : l'ordre du groupe reste
