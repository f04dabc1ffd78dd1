"""Mesurer la suite de tests rapide et la construction complète des figures.

    python benchmarks/mesurer.py [--suite] [--figures [PAGE ...]]

Sans option, mesure les deux. ``--figures`` suivi de pages ne mesure que leur
construction (par exemple le chapitre de la fondation,
``docs/entrainement/mnist-mlp.md``). Les durées sont écrites dans
``benchmarks/resultats.json`` (les mesures précédentes de l'autre partie sont
gardées). La construction des figures est forcée (``--forcer``) pour mesurer
un livre entier ; hors ligne, définissez ``DLCOURSE_DATA_DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
FICHIER = RACINE / "benchmarks" / "resultats.json"


def chronometrer(commande: list[str]) -> tuple[float, int, str]:
    """Lance une commande depuis la racine ; renvoie (durée en s, code de retour, fin de sortie)."""
    debut = time.perf_counter()
    fini = subprocess.run(commande, cwd=RACINE, capture_output=True, text=True, check=False)
    duree = time.perf_counter() - debut
    return round(duree, 1), fini.returncode, (fini.stdout + fini.stderr)[-2000:]


def machine() -> dict[str, str | int | None]:
    """Ce qui situe une mesure : processeur, cœurs, Python."""
    return {"coeurs": os.cpu_count(), "processeur": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            # La charge au départ : une mesure prise sur une machine occupée n'en est pas une.
            "charge_1min_au_depart": round(os.getloadavg()[0], 2)}


def main() -> None:
    analyseur = argparse.ArgumentParser(description=__doc__)
    analyseur.add_argument("--suite", action="store_true", help="mesurer la suite rapide")
    analyseur.add_argument("--figures", nargs="*", metavar="PAGE", default=None,
                           help="mesurer la construction des figures (de ces pages, ou de toutes)")
    args = analyseur.parse_args()
    tout = not args.suite and args.figures is None
    mesures = json.loads(FICHIER.read_text(encoding="utf-8")) if FICHIER.exists() else {}
    date = datetime.now(UTC).isoformat(timespec="seconds")
    if args.suite or tout:
        duree, code, fin = chronometrer([sys.executable, "-m", "pytest", "-q"])
        print(fin)
        mesures["suite_rapide"] = {"duree_s": duree, "reussie": code == 0, "date": date,
                                   "machine": machine(), "objectif_s": 300}
    if args.figures is not None or tout:
        pages = [str(Path(p).resolve().relative_to(RACINE)) for p in args.figures or []]
        duree, code, fin = chronometrer(
            [sys.executable, "-m", "dlcourse.machinerie.figures", "--forcer", *pages])
        print(fin)
        par_chemin = {}
        dossiers = [RACINE / Path(p).with_suffix("") for p in pages] or [RACINE / "docs"]
        for fichier in sorted(f for d in dossiers for f in d.rglob("resultats.json")):
            page = json.loads(fichier.read_text(encoding="utf-8"))
            for onglet, rapport in page["executions"].items():
                par_chemin[f"{page['page']} [{onglet}]"] = rapport["duree_s"]
        mesures["figures_completes"] = {
            "duree_s": duree, "reussie": code == 0, "date": date, "machine": machine(),
            "pages": pages or "toutes", "miroir": bool(os.environ.get("DLCOURSE_DATA_DIR")),
            "objectif_s": 600,
            "execution_par_chemin_s": par_chemin,
        }
    FICHIER.write_text(json.dumps(mesures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(mesures, ensure_ascii=False, indent=2))
    if not all(m["reussie"] for m in mesures.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
