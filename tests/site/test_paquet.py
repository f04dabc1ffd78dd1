"""Le paquet hors ligne (``dlcourse.machinerie.paquet``, ``make paquet``).

L'archive est faite à partir du site que la session a déjà construit
(fixture ``construction``, groupe xdist « site »), puis dépaquetée dans un
dossier temporaire :

- son contenu : le site, tous les carnets, les échantillons de données, un
  ``requirements.txt`` aux versions exactes, un LISEZMOI de cinq lignes ;
- le site s'ouvre depuis ``file://`` dans Chromium, sans réseau, et sa
  recherche trouve un mot ;
- un carnet de l'archive s'exécute de haut en bas dans un processus neuf,
  sans ``dlcourse`` dans son code, ses données venant des échantillons de
  l'archive, installés à la frontière du téléchargement comme le fait la
  suite (`dlcourse.donnees.substitution`) : rien n'entre dans le cache des
  frameworks.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dlcourse.machinerie import paquet
from dlcourse.machinerie.pages import RACINE

CHROMIUM = Path(os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium"))
CARNET = "carnets/donnees/jeux-de-donnees-pytorch.ipynb"
"""Un petit carnet qui charge MNIST (torchvision, ``download=True``) et entraîne une époque."""


@pytest.fixture(scope="module")
def depaquete(site_construit, tmp_path_factory) -> Path:
    dossier = tmp_path_factory.mktemp("paquet")
    archive = dossier / f"{paquet.NOM}.zip"
    paquet.construire(site_construit, archive)
    with zipfile.ZipFile(archive) as z:
        noms = z.namelist()
        assert all(n.startswith(paquet.NOM + "/") for n in noms), "un seul dossier à la racine"
        z.extractall(dossier / "extrait")
    return dossier / "extrait" / paquet.NOM


def test_contenu(depaquete, site_construit):
    assert (depaquete / "site" / "index.html").is_file()
    carnets = sorted(p.relative_to(depaquete / "carnets").as_posix()
                     for p in (depaquete / "carnets").rglob("*.ipynb"))
    attendus = sorted([p.relative_to(site_construit / "carnets").as_posix()
                       for p in site_construit.glob("carnets/**/*.ipynb")]
                      + ["tp/" + p.name for p in site_construit.glob("tp/*.ipynb")])
    assert carnets == attendus and carnets
    for jeu in ("mnist", "fashion-mnist", "california-housing"):
        assert any((depaquete / "donnees" / jeu).iterdir()), jeu
    exigences = (depaquete / "requirements.txt").read_text(encoding="utf-8").split()
    assert exigences and all(re.fullmatch(r"[\w.-]+==[\w.]+", e) for e in exigences)
    noms = {e.split("==")[0] for e in exigences}
    assert {"tensorflow", "keras", "torch", "torchvision", "numpy"} <= noms
    lisezmoi = (depaquete / "LISEZMOI.txt").read_text(encoding="utf-8").splitlines()
    assert len(lisezmoi) == 5 and "index.html" in "".join(lisezmoi)


def test_le_site_s_ouvre_hors_ligne_avec_la_recherche(depaquete):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} manque : lancez « make install ».", pytrace=False)
    sync_api = pytest.importorskip("playwright.sync_api")
    # Dans un fil à part : dans ce processus, les tests du navigateur tiennent déjà une
    # session Playwright synchrone (une par fil au plus).
    with ThreadPoolExecutor(1) as fil:
        liens, erreurs = fil.submit(_chercher_hors_ligne, sync_api, depaquete).result()
    assert any("perceptron" in lien and lien.startswith("file://") for lien in liens), liens
    assert not erreurs, erreurs


def _chercher_hors_ligne(sync_api, depaquete: Path) -> tuple[list[str], list[str]]:
    base = (depaquete / "site").resolve().as_uri() + "/"
    meta = ".md-search-result__meta"
    with sync_api.sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                args=["--no-sandbox", "--disable-gpu"])
        contexte = navigateur.new_context()
        contexte.set_offline(True)
        erreurs: list[str] = []
        page = contexte.new_page()
        page.on("pageerror", lambda e: erreurs.append(str(e)))
        page.goto(base + "index.html")
        assert "Deep Learning" in page.title()
        page.click("input.md-search__input")
        page.wait_for_function(f"() => /Taper/.test(document.querySelector('{meta}').textContent)")
        champ = page.locator("input.md-search__input")
        champ.fill("perceptro")
        champ.press("n")
        page.wait_for_function(
            f"() => !/Taper|Initialis/.test(document.querySelector('{meta}').textContent)")
        liens = page.locator(".md-search-result__item > a").evaluate_all(
            "liens => liens.map(a => a.href)")
        contexte.close()
        navigateur.close()
    return liens, erreurs


_EXECUTER = textwrap.dedent("""
    import json, sys
    import matplotlib
    matplotlib.use("Agg")
    from dlcourse.donnees.substitution import Substitution
    carnet, donnees = sys.argv[1], sys.argv[2]
    substitution = Substitution(donnees).activer()   # de l'extérieur du code du carnet
    # Le code du carnet ne voit pas dlcourse (principe 7).
    sys.modules["dlcourse"] = None
    espace = {"__name__": "__main__"}
    nb = json.load(open(carnet, encoding="utf-8"))
    for rang, cellule in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        code = "".join(cellule["source"])
        lignes = [l for l in code.splitlines() if not l.lstrip().startswith(("%", "!"))]
        exec(compile("\\n".join(lignes), f"<cellule {rang}>", "exec"), espace)
    print(json.dumps(substitution.chargements()))
""")


def test_un_carnet_s_execute_avec_les_donnees_du_paquet(depaquete, tmp_path):
    carnet = depaquete / CARNET
    texte = carnet.read_text(encoding="utf-8")
    assert "dlcourse" not in "".join(
        "".join(c["source"]) for c in json.loads(texte)["cells"] if c["cell_type"] == "code")
    env = dict(os.environ, PYTHONPATH=str(RACINE), MPLBACKEND="Agg")
    env.pop("DLCOURSE_DATA_DIR", None)
    resultat = subprocess.run([sys.executable, "-c", _EXECUTER, str(carnet),
                               str(depaquete / "donnees")],
                              cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300, check=False)
    assert resultat.returncode == 0, resultat.stderr[-3000:]
    chargements = json.loads(resultat.stdout.strip().splitlines()[-1])
    assert chargements and {c["jeu"] for c in chargements} == {"mnist"}, chargements
    assert all(c["chargeur"] == "torchvision" for c in chargements), chargements
