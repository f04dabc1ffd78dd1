"""Vérifier les liens externes des pages (hors de la suite de tests : il faut Internet).

Les liens internes et leurs ancres sont vérifiés par ``mkdocs build
--strict`` (``validation:`` dans ``mkdocs.yml``). Les adresses ``http(s)``
écrites dans les pages sont vérifiées ici : ``make liens``, c'est-à-dire
``python -m dlcourse.machinerie.liens docs``, essaie chacune (``HEAD``, puis ``GET`` si
le serveur refuse ``HEAD``) et liste celles qui ne répondent pas.

Utilisé par la cible ``liens`` du ``Makefile`` ; testé sur un serveur HTTP
local (``tests/dlcourse/test_liens.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

_URL = re.compile(r"""https?://[^\s<>()\[\]"'`]+""")
LOCALES = ("127.0.0.1", "localhost", "0.0.0.0")
"""Hôtes ignorés : les adresses d'exemple d'un serveur local (``make serve``)."""


def urls_externes(dossier: str | Path) -> dict[str, list[str]]:
    """Les adresses externes des pages Markdown d'un dossier.

    Parameters
    ----------
    dossier : str or Path
        Le dossier des pages (``docs``).

    Returns
    -------
    dict[str, list[str]]
        Pour chaque adresse, les pages qui la citent (chemins relatifs).

    Raises
    ------
    NotADirectoryError
        Si ``dossier`` n'est pas un dossier.
    """
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise NotADirectoryError(f"urls_externes : {dossier} n'est pas un dossier de pages.")
    trouvees: dict[str, list[str]] = {}
    for page in sorted(dossier.rglob("*.md")):
        for url in _URL.findall(page.read_text(encoding="utf-8")):
            url = url.rstrip(".,;:!?")
            if any(f"//{hote}" in url for hote in LOCALES):
                continue
            trouvees.setdefault(url, []).append(page.relative_to(dossier).as_posix())
    return trouvees


def verifier(url: str, delai: float = 15.0) -> str | None:
    """Essaie une adresse ; renvoie ``None`` si elle répond, sinon la raison.

    Parameters
    ----------
    url : str
        L'adresse ``http(s)``.
    delai : float
        Secondes d'attente au plus, par requête.
    """
    raison = "aucune réponse"
    for methode in ("HEAD", "GET"):
        requete = urllib.request.Request(url, method=methode,
                                         headers={"User-Agent": "dlcourse-liens/1.0"})
        try:
            with urllib.request.urlopen(requete, timeout=delai) as reponse:
                if reponse.status < 400:
                    return None
                raison = f"HTTP {reponse.status}"
        except urllib.error.HTTPError as erreur:
            raison = f"HTTP {erreur.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as erreur:
            raison = f"{type(erreur).__name__} : {getattr(erreur, 'reason', erreur)}"
    return raison


def main(arguments: list[str] | None = None) -> int:
    """``python -m dlcourse.machinerie.liens [DOSSIER]`` : 0 si tous les liens répondent."""
    analyseur = argparse.ArgumentParser(description="Vérifie les liens externes des pages.")
    analyseur.add_argument("dossier", nargs="?", default="docs", type=Path)
    analyseur.add_argument("--delai", type=float, default=15.0)
    args = analyseur.parse_args(arguments)
    adresses = urls_externes(args.dossier)
    casses = {u: r for u in adresses if (r := verifier(u, args.delai))}
    for url, raison in casses.items():
        print(f"CASSÉ {url} ({raison}) — cité dans {', '.join(adresses[url])}")
    print(f"{len(adresses)} liens externes vérifiés, {len(casses)} cassés.")
    return 1 if casses else 0


if __name__ == "__main__":
    sys.exit(main())
