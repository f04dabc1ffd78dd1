"""Mesurer la suite de tests rapide et la construction complète du livre.

    python benchmarks/mesurer.py --suite            # la suite rapide (objectif : 180 s)
    python benchmarks/mesurer.py --clone            # make test sur un clone neuf (8 min)
    python benchmarks/mesurer.py --figures [PAGE …] # make figures --forcer (10 min)
    python benchmarks/mesurer.py --gpu              # les chemins PyTorch sur un GPU
    python benchmarks/mesurer.py --plancher         # le travail que la suite ne peut pas retirer

Sur une machine qui a un GPU NVIDIA (``--gpu``), les chemins PyTorch du livre
(onglets PyTorch des pages, carnets de TP PyTorch) s'exécutent en profil
complet, tels quels : leur code choisit lui-même l'appareil (``"cuda"`` s'il
y en a un). Leurs durées sont une mesure, rangée ici, jamais dans les pages ;
l'appareil noté est celui que le code a réellement utilisé.

Chaque mesure est écrite dans ``benchmarks/resultats.json`` avec la date, la
machine, son étalon (la durée d'un calcul fixe sur un cœur : la vitesse de
la machine ce jour-là) et sa charge au départ (une mesure prise sur une
machine occupée n'en est pas une). La suite est découpée par phase (chemins des pages,
carnets de TP, construction du site, navigateur, tests de dlcourse…) d'après
le rapport JUnit de pytest : la somme des durées des tests de chaque phase,
sur les deux processus de pytest-xdist. Le script échoue (code 1) quand une
mesure dépasse son objectif ou que la commande mesurée échoue : un objectif
manqué ne passe pas inaperçu.

``--plancher`` dit si l'objectif de la suite rapide est atteignable. Il mesure,
l'une après l'autre et sans pytest-xdist (`TRAVAIL_OBLIGATOIRE`), les parties
de la suite que l'issue exige et qu'aucune optimisation de la machinerie ne
peut retirer : chaque chemin et chaque carnet de TP exécutés une fois
(démarrage des serveurs d'exécution compris), la construction stricte du site
et les visites du navigateur. La somme de leur travail, répartie sur tous les
cœurs, est une borne basse de la durée de la suite : si elle dépasse
l'objectif, la mesure échoue, et aucun réglage de pytest n'y changera rien.

Hors ligne, la construction complète demande ``DLCOURSE_DATA_DIR`` (le miroir
des données).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
FICHIER = RACINE / "benchmarks" / "resultats.json"

OBJECTIFS_S = {"suite_rapide": 180, "make_test_clone_neuf": 480, "figures_completes": 600,
               "plancher_suite_rapide": 180}
"""Les objectifs des issues, en secondes (au-delà, la mesure échoue)."""

PHASES = (
    ("chemins des pages", "tests/test_pages.py::test_le_chemin"),
    ("autres tests des pages (tests/test_pages.py)", "tests/test_pages.py"),
    ("carnets de TP", "tests/tp/"),
    ("construction stricte et tests du site", "tests/site/"),
    ("navigateur", "tests/navigateur/"),
    ("tests de dlcourse", "tests/dlcourse/"),
    ("tests de chaque page (relevés, résultats)", "tests/"),
)
"""Phase → début des identifiants de ses tests (la première qui convient l'emporte)."""


ETALON = """
import time
import numpy as np
a = np.random.default_rng(0).random((256, 256), dtype=np.float32)
t = time.perf_counter()
for _ in range(400):
    b = np.maximum(a @ a, 0.0) / 256.0  # un produit de matrices, une ReLU : le calcul d'un réseau
n = 0
for i in range(1_500_000):  # et de l'interprète Python, comme les boucles d'entraînement
    n += i * i
grand = np.ones(16_000_000, dtype=np.float32)  # 64 Mo : la mémoire, au-delà des caches
for _ in range(10):
    grand = grand * 1.0001
print(time.perf_counter() - t)
"""
"""Un calcul fixe, sur un cœur : sa durée situe la vitesse de la machine le jour de la mesure."""


def etalon(essais: int = 3) -> float:
    """La durée de `ETALON` (la meilleure de ``essais``), dans un processus à un fil de calcul.

    Deux machines du même type, ou la même à deux jours d'écart, ne calculent
    pas toujours à la même vitesse (hôte partagé). Noté avec chaque mesure,
    l'étalon dit si deux mesures se comparent : à étalon égal, un écart vient
    du livre ; sinon, d'abord de la machine.
    """
    from dlcourse.machinerie.environnement import FILS

    # OpenBLAS, sous NumPy, suit OMP_NUM_THREADS (threadpoolctl : un fil).
    environ = {**os.environ, **{v: "1" for v in FILS}}
    durees = [float(subprocess.run([sys.executable, "-c", ETALON], env=environ, check=True,
                                   capture_output=True, text=True).stdout)
              for _ in range(essais)]
    return round(min(durees), 3)


def _modele_du_processeur() -> str:
    """Le nom du processeur (``/proc/cpuinfo``), sinon son architecture."""
    try:
        for ligne in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if ligne.startswith("model name"):
                return ligne.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, object]:
    """Ce qui situe une mesure : processeur, cœurs, Python, étalon, charge des autres processus.

    La charge est celle que mesure la construction avant chaque cible
    (`dlcourse.machinerie.charge`) : les cœurs occupés par d'autres processus.
    L'étalon (`etalon`) est la vitesse d'un cœur ce jour-là.
    """
    from dlcourse.machinerie import charge

    etrangere = charge.mesurer(2.0)
    return {"coeurs": os.cpu_count(), "processeur": _modele_du_processeur(),
            "python": platform.python_version(),
            "etalon_un_coeur_s": etalon(),
            "charge_1min_au_depart": round(os.getloadavg()[0], 2),
            "charge_etrangere_au_depart": etrangere.enregistrement(),
            "au_repos": etrangere.au_repos}


def _processeur_des_enfants() -> float:
    """Le temps processeur (utilisateur + système) des processus enfants terminés."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _compteurs_de_la_machine() -> tuple[float, float] | None:
    """Les secondes-cœurs de toute la machine depuis son démarrage : celles qu'elle a
    occupées à calculer, et celles que l'hôte lui a prises (le vol,
    `dlcourse.machinerie.charge.tops_de_la_machine`).

    Contrairement à `_processeur_des_enfants`, ce compte voit aussi les processus
    que la mesure ne récolte pas elle-même (Chromium, serveurs d'exécution
    tués en fin de session). Sur une machine au repos, sa différence pendant
    une mesure est le travail de la mesure. Le vol allonge la mesure sans être
    du travail du livre : il est compté à part. ``None`` hors de Linux.
    """
    from dlcourse.machinerie import charge

    if not charge.disponible():
        return None
    occupes, voles = charge.tops_de_la_machine()
    return occupes / charge.TOPS_PAR_SECONDE, voles / charge.TOPS_PAR_SECONDE


def travail(duree: float, avant: tuple[float, float] | None) -> dict[str, float]:
    """Le travail d'une mesure, en secondes-cœurs, la durée plancher qu'il impose, et le vol.

    Le plancher est ce travail divisé par le nombre de cœurs : la durée de la
    mesure si chaque cœur avait été occupé du début à la fin. Un objectif en
    dessous du plancher ne s'atteint qu'en retirant du travail, pas en le
    répartissant mieux. Le vol (``vol_de_l_hote_s``, en secondes-cœurs) est le
    temps que l'hôte a pris à nos cœurs pendant la mesure : deux mesures du
    même code dont les durées diffèrent se départagent d'abord par lui et par
    l'étalon.
    """
    apres = _compteurs_de_la_machine()
    if avant is None or apres is None:
        return {}
    secondes_coeur, vol = apres[0] - avant[0], apres[1] - avant[1]
    coeurs = os.cpu_count() or 1
    return {"secondes_coeur": round(secondes_coeur, 1),
            "plancher_s": round(secondes_coeur / coeurs, 1),
            "utilisation_des_coeurs": round(secondes_coeur / (coeurs * duree), 3),
            "vol_de_l_hote_s": round(vol, 1)}


def phases(junit: Path) -> dict[str, float]:
    """La somme des durées des tests de chaque phase, d'après un rapport JUnit de pytest."""
    sommes = {nom: 0.0 for nom, _ in PHASES}
    for cas in ET.parse(junit).iter("testcase"):
        fichier = cas.get("classname", "").replace(".", "/")
        ident = f"{fichier}.py::{cas.get('name', '')}"
        for nom, debut in PHASES:
            if ident.startswith(debut):
                sommes[nom] += float(cas.get("time", 0))
                break
    return {nom: round(duree, 1) for nom, duree in sommes.items()}


def plus_longs(junit: Path, combien: int = 15) -> dict[str, float]:
    """Les tests les plus longs (installation des fixtures comprise), d'après le rapport JUnit."""
    durees = [(float(cas.get("time", 0)),
               f"{cas.get('classname', '').replace('.', '/')}.py::{cas.get('name', '')}")
              for cas in ET.parse(junit).iter("testcase")]
    return {ident: round(duree, 1) for duree, ident in sorted(durees, reverse=True)[:combien]}


def _chronometrer(commande: list[str], cwd: Path,
                  env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, dict]:
    """Lance une commande mesurée : son résultat, et sa durée (``duree_s``) avec son
    `travail` ; la fin de ce qu'elle a écrit s'affiche."""
    debut, compteurs = time.perf_counter(), _compteurs_de_la_machine()
    fini = subprocess.run(commande, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    duree = time.perf_counter() - debut
    mesure = {"duree_s": round(duree, 1), **travail(duree, compteurs)}
    print((fini.stdout + fini.stderr)[-3000:], flush=True)
    return fini, mesure


def mesurer_suite() -> dict:
    with tempfile.TemporaryDirectory() as dossier:
        junit = Path(dossier) / "junit.xml"
        au_depart = machine()
        processeur = _processeur_des_enfants()
        fini, mesure = _chronometrer(
            [sys.executable, "-m", "pytest", "-q", f"--junitxml={junit}"], RACINE)
        return {"duree_s": mesure.pop("duree_s"), "reussie": fini.returncode == 0,
                "processeur_s": round(_processeur_des_enfants() - processeur, 1), **mesure,
                "machine": au_depart, "objectif_s": OBJECTIFS_S["suite_rapide"],
                "phases_somme_des_tests_s": phases(junit) if junit.exists() else {},
                "tests_les_plus_longs_s": plus_longs(junit) if junit.exists() else {}}


TRAVAIL_OBLIGATOIRE = (
    ("chemins et carnets de TP, une fois chacun",
     ["-m", "pytest", "-q", "-n0", "tests/test_pages.py", "tests/tp/test_carnets_tp.py",
      "-k", "test_le_chemin_s_execute_seul or test_le_carnet_s_execute_en_profil_rapide"]),
    ("construction stricte du site",
     ["-m", "mkdocs", "build", "--strict", "-q", "--site-dir", "{site}"]),
    ("visites du navigateur",
     ["-m", "pytest", "-q", "-n0", "tests/navigateur/test_lecture.py::test_le_site_a_des_pages"]),
)
"""Le travail obligatoire de la suite rapide : nom → arguments de Python (``{site}`` : le
site construit, que les visites reprennent par ``DLCOURSE_SITE_CONSTRUIT``)."""


def mesurer_plancher() -> dict:
    """Le travail obligatoire de la suite rapide, partie par partie, et le plancher qu'il impose."""
    with tempfile.TemporaryDirectory() as dossier:
        site = str(Path(dossier) / "site")
        env = dict(os.environ, DLCOURSE_SITE_CONSTRUIT=site, NO_MKDOCS_2_WARNING="1")
        au_depart = machine()
        parties, reussie = {}, True
        for nom, arguments in TRAVAIL_OBLIGATOIRE:
            print(f"{nom}…", flush=True)
            fini, parties[nom] = _chronometrer(
                [sys.executable, *(a.format(site=site) for a in arguments)], RACINE, env)
            reussie = reussie and fini.returncode == 0
    if any("secondes_coeur" not in p for p in parties.values()):
        sys.exit("--plancher : sans les compteurs de la machine (/proc/stat), pas de plancher.")
    total = sum(p["secondes_coeur"] for p in parties.values())
    return {"duree_s": round(sum(p["duree_s"] for p in parties.values()), 1),
            "reussie": reussie, "parties": parties, "secondes_coeur": round(total, 1),
            "plancher_s": round(total / (os.cpu_count() or 1), 1), "comparee": "plancher_s",
            "vol_de_l_hote_s": round(sum(p["vol_de_l_hote_s"] for p in parties.values()), 1),
            "machine": au_depart, "objectif_s": OBJECTIFS_S["plancher_suite_rapide"]}


def mesurer_clone() -> dict:
    """``make test`` sur un clone neuf (installation comprise), dans un dossier temporaire."""
    with tempfile.TemporaryDirectory() as dossier:
        clone = Path(dossier) / "clone"
        subprocess.run(["git", "clone", "-q", str(RACINE), str(clone)], check=True)
        au_depart = machine()
        fini, mesure = _chronometrer(["make", "test"], clone)
        return {"duree_s": mesure.pop("duree_s"), "reussie": fini.returncode == 0, **mesure,
                "machine": au_depart, "objectif_s": OBJECTIFS_S["make_test_clone_neuf"]}


def mesurer_figures(pages: list[str]) -> dict:
    au_depart = machine()
    processeur = _processeur_des_enfants()
    fini, mesure = _chronometrer(
        [sys.executable, "-m", "dlcourse.machinerie.figures", "--forcer", *pages], RACINE)
    # L'avancement entier (horodaté), pour voir où le temps est allé.
    journal = Path(tempfile.gettempdir()) / "dlcourse-construction-complete.log"
    journal.write_text(fini.stdout + fini.stderr, encoding="utf-8")
    print(f"avancement complet : {journal}")
    par_chemin = {}
    for fichier in sorted((RACINE / "docs").rglob("resultats.json")):
        page = json.loads(fichier.read_text(encoding="utf-8"))
        for onglet, rapport in page["executions"].items():
            par_chemin[f"{page['page']} [{onglet}]"] = {
                "duree_s": rapport["duree_s"], "duree_cpu_s": rapport.get("duree_cpu_s")}
    return {"duree_s": mesure.pop("duree_s"), "reussie": fini.returncode == 0,
            "machine": au_depart,
            "processeur_s": round(_processeur_des_enfants() - processeur, 1), **mesure,
            "pages": pages or "toutes, carnets de TP compris",
            "miroir": bool(os.environ.get("DLCOURSE_DATA_DIR")),
            "objectif_s": OBJECTIFS_S["figures_completes"], "par_chemin": par_chemin}


def mesurer_gpu() -> dict:
    """Les chemins PyTorch en profil complet, un à un, sur le GPU de la machine (s'il y en a un).

    Rien n'est écrit dans les pages ni dans les carnets. Pour chaque chemin :
    durée, temps processeur, appareil utilisé, résultats, et la durée
    enregistrée par la construction complète sur processeur, pour comparer.
    """
    import torch

    from dlcourse.machinerie.environnement import preparer_environnement
    from dlcourse.machinerie.execution import ErreurExecution, versions
    from dlcourse.machinerie.figures import (
        ErreurConstruction,
        cibles,
        cibles_des_carnets,
        enregistrement,
        verifier_donnees,
    )
    from dlcourse.machinerie.serveur import Serveurs

    if not torch.cuda.is_available():
        sys.exit("--gpu : PyTorch ne voit aucun GPU sur cette machine ; rien n'est mesuré.")
    preparer_environnement()
    au_depart = machine()
    au_depart["gpu"] = torch.cuda.get_device_name(0)
    choisies = [c for c in cibles() + cibles_des_carnets() if c.demande.frameworks == ["torch"]]
    par_chemin, echecs = {}, []
    debut = time.perf_counter()
    with Serveurs() as serveurs, tempfile.TemporaryDirectory() as provisoire:
        for cible in choisies:
            try:
                rapport = serveurs.executer(cible.demande, "complet", provisoire,
                                            enregistrer=False)
                if rapport.get("echec"):
                    raise ErreurExecution(rapport["echec"]["message"][-2000:])
                verifier_donnees(cible, rapport)
            except (ErreurExecution, ErreurConstruction) as erreur:
                echecs.append(cible.nom)  # les autres chemins sont quand même mesurés
                print(f"{cible.nom} : ÉCHEC\n{erreur}", flush=True)
                continue
            sur_cpu = enregistrement(cible) or {}
            par_chemin[cible.nom] = {
                "duree_s": rapport["duree_s"], "duree_cpu_s": rapport.get("duree_cpu_s"),
                "appareil": rapport["appareil"],
                "duree_enregistree_sur_cpu_s": sur_cpu.get("duree_s"),
                "resultats": rapport.get("resultats", {})}
            print(f"{cible.nom} : {rapport['duree_s']} s sur {rapport['appareil']} "
                  f"(processeur : {sur_cpu.get('duree_s')} s)", flush=True)
    duree = time.perf_counter() - debut
    return {"duree_s": round(duree, 1), "reussie": not echecs, "echecs": echecs,
            "machine": au_depart, "versions": versions(),
            "par_chemin": par_chemin}


def main() -> None:
    analyseur = argparse.ArgumentParser(description=__doc__,
                                        formatter_class=argparse.RawDescriptionHelpFormatter)
    analyseur.add_argument("--suite", action="store_true", help="mesurer la suite rapide")
    analyseur.add_argument("--clone", action="store_true",
                           help="mesurer make test sur un clone neuf, installation comprise")
    analyseur.add_argument("--figures", nargs="*", metavar="PAGE", default=None,
                           help="mesurer la construction complète forcée (ces pages, ou tout)")
    analyseur.add_argument("--gpu", action="store_true",
                           help="mesurer les chemins PyTorch sur le GPU de cette machine")
    analyseur.add_argument("--plancher", action="store_true",
                           help="mesurer le travail obligatoire de la suite rapide")
    args = analyseur.parse_args()
    if not (args.suite or args.clone or args.gpu or args.plancher or args.figures is not None):
        analyseur.error("choisissez --suite, --clone, --figures, --gpu ou --plancher")
    mesures = json.loads(FICHIER.read_text(encoding="utf-8")) if FICHIER.exists() else {}
    faites = {}
    if args.suite:
        faites["suite_rapide"] = mesurer_suite()
    if args.clone:
        faites["make_test_clone_neuf"] = mesurer_clone()
    if args.figures is not None:
        pages = [str(Path(p).resolve().relative_to(RACINE)) for p in args.figures]
        faites["figures_completes"] = mesurer_figures(pages)
    if args.gpu:
        faites["chemins_pytorch_gpu"] = mesurer_gpu()
    if args.plancher:
        faites["plancher_suite_rapide"] = mesurer_plancher()
    date = datetime.now(UTC).isoformat(timespec="seconds")
    for nom, mesure in faites.items():
        mesure["date"] = date
        if "objectif_s" in mesure:
            # La durée, ou la valeur que la mesure nomme (``comparee`` : le plancher).
            comparee = mesure[mesure.get("comparee", "duree_s")]
            mesure["objectif_atteint"] = mesure["reussie"] and comparee <= mesure["objectif_s"]
        mesures[nom] = mesure
    FICHIER.write_text(json.dumps(mesures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for nom, mesure in faites.items():
        if "objectif_s" not in mesure:  # une mesure sans objectif (--gpu)
            print(f"{nom} : {mesure['duree_s']} s, {'réussie' if mesure['reussie'] else 'ÉCHEC'}")
            continue
        etat = "atteint" if mesure["objectif_atteint"] else "MANQUÉ"
        if mesure.get("comparee") == "plancher_s":  # --plancher : seul le plancher compte
            print(f"{nom} : {mesure['plancher_s']} s (objectif {mesure['objectif_s']} s : "
                  f"{etat} ; travail obligatoire {mesure['secondes_coeur']} s-cœur, mesuré "
                  f"partie après partie en {mesure['duree_s']} s)")
            continue
        plancher = (f" ; travail {mesure['secondes_coeur']} s-cœur, plancher "
                    f"{mesure['plancher_s']} s, vol de l'hôte {mesure['vol_de_l_hote_s']} "
                    "s-cœur" if "plancher_s" in mesure else "")
        print(f"{nom} : {mesure['duree_s']} s (objectif {mesure['objectif_s']} s : {etat}"
              f"{plancher})")
    if not all(m.get("objectif_atteint", m["reussie"]) for m in faites.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
