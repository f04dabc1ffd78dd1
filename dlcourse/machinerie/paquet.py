"""Le paquet hors ligne du livre : une archive à emporter (``make paquet``).

L'archive ``deep-learning-hors-ligne.zip`` contient un seul dossier,
``deep-learning-hors-ligne/`` :

- ``site/`` : le site construit (``mkdocs build --strict``), qui s'ouvre
  depuis ``site/index.html`` sans réseau, recherche comprise (greffon
  offline) ; les éditions PDF y sont si ``make pdf`` les a faites ;
- ``carnets/`` : tous les carnets Jupyter, ceux des chapitres (un par
  framework) et ceux des travaux pratiques, copiés du site ;
- ``donnees/`` : les échantillons du profil rapide
  (``dlcourse/donnees/echantillons_livres`` : MNIST, Fashion-MNIST,
  California housing), rangés comme le miroir ``../shared/data`` ;
- ``requirements.txt`` : les paquets PyPI aux versions exactes avec
  lesquelles le livre a été exécuté (la ligne ``pip install`` de chaque
  carnet, réunies) ;
- ``LISEZMOI.txt`` : cinq lignes en français.

Usage ::

    python -m dlcourse.machinerie.paquet --site site --sortie build/deep-learning-hors-ligne.zip
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS
from dlcourse.machinerie.pages import RACINE

NOM = "deep-learning-hors-ligne"
"""Le nom de l'archive et de son dossier."""

LISEZMOI = """\
Deep Learning avec TensorFlow/Keras et PyTorch : le livre à emporter, lisible sans réseau.
Lire : ouvrez site/index.html dans un navigateur (formules, figures, recherche hors ligne).
Installer (Python 3.11) : pip install -r requirements.txt jupyterlab, dans un venv.
Exécuter : jupyter lab carnets/ (un carnet par chapitre et par framework, plus les TP).
Données : les carnets téléchargent les vrais jeux ; donnees/ en garde de petits échantillons.
"""
"""Le mode d'emploi, en cinq lignes."""

_PIP = re.compile(r"pip install ([^\n`]+)")


def versions_des_carnets(carnets: list[Path]) -> list[str]:
    """Les paquets ``nom==version`` des lignes ``pip install`` des carnets, réunis.

    Raises
    ------
    ValueError
        Si deux carnets demandent deux versions d'un même paquet.
    """
    versions: dict[str, str] = {}
    for carnet in carnets:
        nb = json.loads(carnet.read_text(encoding="utf-8"))
        # La cellule « Avant de commencer » (dlcourse.machinerie.carnets.installation) ;
        # une page peut citer ailleurs d'autres versions, en exemple.
        textes = ["".join(c.get("source", [])) for c in nb.get("cells", [])
                  if c.get("cell_type") == "markdown"]
        for texte in [t for t in textes if t.startswith("**Avant de commencer.**")][:1]:
            for ligne in _PIP.findall(texte):
                for exigence in ligne.split():
                    nom, _, version = exigence.partition("==")
                    if not version:
                        continue
                    if versions.setdefault(nom.lower(), version) != version:
                        raise ValueError(f"{carnet.name} : {nom}=={version}, mais un "
                                         f"autre carnet demande {versions[nom.lower()]}")
    return [f"{nom}=={version}" for nom, version in sorted(versions.items())]


def carnets_du_site(site: Path) -> list[Path]:
    """Les carnets du site : ceux des chapitres (``carnets/``) et ceux des TP (``tp/``)."""
    return sorted(site.glob("carnets/**/*.ipynb")) + sorted(site.glob("tp/*.ipynb"))


def construire(site: Path, sortie: Path) -> dict[str, Any]:
    """Écrit l'archive ``sortie`` à partir du site construit ``site``.

    Returns
    -------
    dict
        Durée, taille, nombre de carnets.
    """
    debut = time.perf_counter()
    site = Path(site).resolve()
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html manque : construisez d'abord le site.")
    carnets = carnets_du_site(site)
    exigences = versions_des_carnets(carnets)
    sortie = Path(sortie)
    sortie.parent.mkdir(parents=True, exist_ok=True)
    provisoire = sortie.with_suffix(".zip.partiel")
    with zipfile.ZipFile(provisoire, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=6) as archive:
        archive.writestr(f"{NOM}/LISEZMOI.txt", LISEZMOI)
        archive.writestr(f"{NOM}/requirements.txt", "\n".join(exigences) + "\n")
        for fichier in sorted(site.rglob("*")):
            if fichier.is_file():
                relatif = fichier.relative_to(site).as_posix()
                # Les PNG et les PDF sont déjà compressés : stockés tels quels.
                methode = (zipfile.ZIP_STORED if fichier.suffix in {".png", ".pdf", ".gz"}
                           else zipfile.ZIP_DEFLATED)
                archive.write(fichier, f"{NOM}/site/{relatif}", compress_type=methode)
        for carnet in carnets:
            relatif = carnet.relative_to(site)
            relatif = relatif.relative_to("carnets") if relatif.parts[0] == "carnets" else relatif
            archive.write(carnet, f"{NOM}/carnets/{relatif.as_posix()}")
        for fichier in sorted(DOSSIER_ECHANTILLONS.rglob("*")):
            if fichier.is_file():
                relatif = fichier.relative_to(DOSSIER_ECHANTILLONS).as_posix()
                archive.write(fichier, f"{NOM}/donnees/{relatif}",
                              compress_type=zipfile.ZIP_STORED)
    os.replace(provisoire, sortie)
    return {"duree_s": round(time.perf_counter() - debut, 1),
            "taille_mo": round(sortie.stat().st_size / 1e6, 2), "carnets": len(carnets),
            "paquets": len(exigences)}


def main(arguments: list[str] | None = None) -> int:
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--site", type=Path, default=RACINE / "site")
    analyse.add_argument("--sortie", type=Path, default=RACINE / "build" / f"{NOM}.zip")
    analyse.add_argument("--mesure", type=Path,
                         help="le fichier JSON où écrire durée et taille (clé « paquet »)")
    options = analyse.parse_args(arguments)
    mesure = construire(options.site, options.sortie)
    print(f"{options.sortie} : {mesure['taille_mo']} Mo, {mesure['carnets']} carnets, "
          f"{mesure['duree_s']} s")
    if options.mesure:
        fichier = Path(options.mesure)
        tout = json.loads(fichier.read_text(encoding="utf-8")) if fichier.is_file() else {}
        tout["paquet"] = {"date": datetime.datetime.now(datetime.UTC)
                          .isoformat(timespec="seconds"), **mesure}
        fichier.write_text(json.dumps(tout, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
