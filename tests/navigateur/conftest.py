"""Le site construit, servi en local et ouvert dans Chromium, une fois par session.

- ``site_construit`` : le site que la suite a déjà construit en mode strict
  (la fixture ``construction`` de ``tests/conftest.py``, partagée avec
  ``tests/site/``), ou le dossier nommé par ``DLCOURSE_SITE_CONSTRUIT`` ;
- ``serveur`` : un serveur HTTP local (127.0.0.1) qui sert ce dossier ;
- ``navigateur`` : le Chromium du système (``/usr/bin/chromium``, paquet Debian
  installé par ``make install``) piloté par Playwright ; aucun navigateur
  n'est téléchargé ;
- ``visites`` : chaque page du site ouverte une fois, avec ce qu'on a observé
  (erreurs de la console, requêtes, images, formules, analyse axe-core), que
  les tests de ``test_pages_du_site.py`` examinent ensuite.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium"))
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
OPTIONS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def site_construit(construction) -> Path:
    """Le site que la suite a construit (``tests/conftest.py``), ou celui de
    ``DLCOURSE_SITE_CONSTRUIT`` (déjà construit, pour aller vite en écrivant les tests)."""
    deja = os.environ.get("DLCOURSE_SITE_CONSTRUIT")
    if deja:
        return Path(deja)
    if construction.code != 0:
        pytest.fail("mkdocs build --strict a échoué (voir tests/site/test_site.py)", pytrace=False)
    return construction.site


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serveur(site_construit: Path) -> Iterator[str]:
    """L'adresse (``http://127.0.0.1:PORT/``) d'un serveur local qui sert le site."""
    gestionnaire = functools.partial(_Silencieux, directory=str(site_construit))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    fil = threading.Thread(target=httpd.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def navigateur():
    """Chromium sans affichage, piloté par Playwright (un seul par session)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} manque : lancez « make install » (paquet Debian chromium).",
                    pytrace=False)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                args=OPTIONS_CHROMIUM)
        yield navigateur
        navigateur.close()


@pytest.fixture(scope="session")
def script_axe() -> str:
    """Le code d'axe-core (registre npm, installé par ``make install`` dans node_modules/)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(RACINE)} manque : lancez « make install » (npm ci).",
                    pytrace=False)
    return AXE.read_text(encoding="utf-8")
