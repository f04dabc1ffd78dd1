"""Le site se construit en mode strict et se lit sans réseau.

Le site est construit une seule fois par module (``mkdocs build --strict``
dans un dossier temporaire) ; les tests examinent ensuite ce qui a été écrit :

- aucune ressource (script, feuille de style, police, image, cadre) n'est
  chargée depuis un autre site : KaTeX et la cale ``iframe-worker`` sont
  servis par le site, les polices web sont désactivées ;
- KaTeX est présent et chaque page le charge par une adresse relative, ce qui
  marche aussi depuis ``file://`` ;
- la recherche est en français et disponible hors ligne ;
- les carnets offerts au téléchargement n'ont aucun lien relatif.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

RACINE = Path(__file__).resolve().parents[2]

# Hôtes de CDN et de polices web : aucun ne doit servir une ressource du site.
HOTES_INTERDITS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
)

# Les seules adresses de CDN tolérées : des chargements *conditionnels* écrits
# dans le code des outils, qui ne partent que si une page contient un diagramme
# Mermaid (ou, pour la cale ResizeObserver, sur un navigateur trop ancien pour
# afficher le thème). Le livre n'a aucun diagramme Mermaid :
# test_aucun_diagramme_mermaid le vérifie, ce qui garde ces chargements muets.
CHARGEMENTS_CONDITIONNELS = {
    # Paquet JavaScript de Material : Mermaid si `pre.mermaid` existe.
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    # Paquet JavaScript de Material : si le navigateur n'a pas ResizeObserver.
    "https://unpkg.com/resize-observer-polyfill",
    # Pages de notebooks (gabarit nbconvert de mkdocs-jupyter) : Mermaid si
    # `.jp-Mermaid > pre.mermaid` existe.
    "https://cdnjs.cloudflare.com/ajax/libs/mermaid/11.10.0/mermaid.esm.min.mjs",
    "https://cdnjs.cloudflare.com/ajax/libs/mermaid-layout-elk/0.1.9/"
    "mermaid-layout-elk.esm.min.mjs",
}

FICHIERS_KATEX = (
    "assets/katex/katex.min.js",
    "assets/katex/katex.min.css",
    "assets/katex/contrib/auto-render.min.js",
    "assets/katex/LICENSE",
    "javascripts/katex.js",
)

# Attributs qui font charger une ressource, par balise HTML.
ATTRIBUTS_DE_RESSOURCE = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# Valeurs de <link rel=…> qui font charger (ou contacter) une ressource.
REL_DE_RESSOURCE = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "manifest",
}

MOTIF_URL_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
MOTIF_IMPORT_CSS = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""")
MOTIF_URL_LITTERALE = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")


@pytest.fixture(scope="module")
def site(construction) -> Path:
    """Le dossier du site construit ; échoue si la construction a échoué."""
    if construction.code != 0:
        pytest.fail(
            "la construction stricte du site a échoué (voir test_construction_stricte)",
            pytrace=False,
        )
    return construction.site


def fichiers(site: Path, *extensions: str) -> list[Path]:
    """Les fichiers du site qui ont l'une de ces extensions."""
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in extensions)


def est_externe(url: str) -> bool:
    """Vrai si l'adresse désigne un autre site (``http:``, ``https:`` ou ``//``)."""
    morceaux = urlsplit(url.strip())
    return morceaux.scheme in ("http", "https") or url.strip().startswith("//")


class RessourcesHTML(HTMLParser):
    """Relève les ressources qu'une page HTML fait charger.

    ``ressources`` : adresses des balises qui chargent quelque chose ;
    ``styles`` : contenu des ``<style>`` et des attributs ``style`` ;
    ``scripts`` : contenu des ``<script>`` en ligne.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ressources: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._dans: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        valeurs = {nom: valeur or "" for nom, valeur in attrs}
        for attribut in ATTRIBUTS_DE_RESSOURCE.get(tag, ()):
            if attribut in valeurs:
                for morceau in valeurs[attribut].split(","):  # srcset
                    if morceau.strip():
                        self.ressources.append((tag, morceau.split()[0]))
        if tag == "link" and REL_DE_RESSOURCE & set(valeurs.get("rel", "").lower().split()):
            self.ressources.append((tag, valeurs.get("href", "")))
        if "style" in valeurs:
            self.styles.append(valeurs["style"])
        if tag in ("style", "script") and "src" not in valeurs:
            self._dans = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._dans:
            self._dans = None

    def handle_data(self, data: str) -> None:
        if self._dans == "style":
            self.styles.append(data)
        elif self._dans == "script":
            self.scripts.append(data)


def analyser(page: Path) -> RessourcesHTML:
    """Analyse une page HTML du site."""
    analyse = RessourcesHTML()
    analyse.feed(page.read_text(encoding="utf-8"))
    analyse.close()
    return analyse


def urls_css_externes(css: str) -> list[str]:
    """Les adresses externes que du CSS fait charger (``url(…)``, ``@import``)."""
    return [
        url
        for motif in (MOTIF_URL_CSS, MOTIF_IMPORT_CSS)
        for url in motif.findall(css)
        if est_externe(url)
    ]


def urls_cdn(code: str) -> list[str]:
    """Les adresses littérales de CDN d'un code JavaScript, hors chargements conditionnels."""
    return [
        url
        for url in MOTIF_URL_LITTERALE.findall(code)
        if any(hote in url for hote in HOTES_INTERDITS) and url not in CHARGEMENTS_CONDITIONNELS
    ]


def resoudre(page: Path, url: str, site: Path) -> Path:
    """Le fichier du site qu'une adresse relative désigne depuis une page."""
    chemin = unquote(urlsplit(url).path)
    cible = (page.parent / chemin).resolve()
    assert cible.is_relative_to(site.resolve()), f"{url} sort du site depuis {page}"
    return cible


# --- (a) construction stricte ------------------------------------------------


def test_construction_stricte(construction) -> None:
    """``mkdocs build --strict`` réussit : aucun lien cassé, aucune ressource externe."""
    assert construction.code == 0, (
        f"mkdocs build --strict a échoué (code {construction.code}) :\n{construction.journal}"
    )
    assert (construction.site / "index.html").is_file()


# --- (b) aucune ressource externe --------------------------------------------


def test_pages_sans_ressource_externe(site: Path) -> None:
    """Aucune page ne charge de script, de style, de police ou d'image d'un autre site.

    Les liens ``<a href="https://…">`` restent permis : on ne les suit qu'en cliquant.
    """
    problemes = []
    for page in fichiers(site, ".html"):
        analyse = analyser(page)
        nom = page.relative_to(site)
        problemes += [
            f"{nom} : <{balise}> {url}" for balise, url in analyse.ressources if est_externe(url)
        ]
        problemes += [
            f"{nom} : <style> {url}" for style in analyse.styles for url in urls_css_externes(style)
        ]
        problemes += [
            f"{nom} : <script> {url}" for script in analyse.scripts for url in urls_cdn(script)
        ]
    assert not problemes, "ressources externes :\n" + "\n".join(problemes)


def test_feuilles_de_style_sans_ressource_externe(site: Path) -> None:
    """Aucune feuille de style n'importe de CSS ni de police d'un autre site."""
    problemes = [
        f"{css.relative_to(site)} : {url}"
        for css in fichiers(site, ".css")
        for url in urls_css_externes(css.read_text(encoding="utf-8"))
    ]
    assert not problemes, "ressources externes :\n" + "\n".join(problemes)


def test_scripts_sans_cdn(site: Path) -> None:
    """Aucun script ne charge de bibliothèque depuis un CDN (hors chargements conditionnels)."""
    problemes = [
        f"{js.relative_to(site)} : {url}"
        for js in fichiers(site, ".js", ".mjs")
        for url in urls_cdn(js.read_text(encoding="utf-8"))
    ]
    assert not problemes, "adresses de CDN :\n" + "\n".join(problemes)


def test_aucune_police_web(site: Path) -> None:
    """Aucune page ne mentionne les polices de Google (theme.font: false)."""
    for page in fichiers(site, ".html", ".css"):
        texte = page.read_text(encoding="utf-8")
        for hote in ("fonts.googleapis.com", "fonts.gstatic.com"):
            assert hote not in texte, f"{page.relative_to(site)} mentionne {hote}"


def test_aucun_diagramme_mermaid(site: Path) -> None:
    """Aucune page n'a de diagramme Mermaid : les chargements conditionnels restent muets.

    Material et mkdocs-jupyter iraient chercher Mermaid sur un CDN pour un tel
    diagramme. Pour en ajouter un, servez d'abord Mermaid depuis le site.
    """
    # Des éléments de classe « mermaid » ou « jp-Mermaid » : le script de
    # nbconvert qui les cherche (et qui, sans eux, ne charge rien) ne compte pas.
    motif = re.compile(r"""<(?:pre|div)\b[^>]*\bclass=["'][^"']*\b(?:mermaid|jp-Mermaid)\b""")
    pages = [
        str(p.relative_to(site))
        for p in fichiers(site, ".html")
        if motif.search(p.read_text(encoding="utf-8"))
    ]
    assert not pages, f"diagrammes Mermaid dans : {pages}"


def test_pas_de_navigation_instantanee(site: Path) -> None:
    """navigation.instant est désactivée : elle empêche la lecture depuis file://."""
    texte = (site / "index.html").read_text(encoding="utf-8")
    assert "navigation.instant" not in texte


# --- (c) KaTeX servi par le site ----------------------------------------------


def test_fichiers_katex_presents(site: Path) -> None:
    """KaTeX, son rendu automatique, ses polices woff2 et sa licence sont dans le site."""
    for nom in FICHIERS_KATEX:
        assert (site / nom).is_file(), f"{nom} manque dans le site"
    css = site / "assets/katex/katex.min.css"
    polices = [url for url in MOTIF_URL_CSS.findall(css.read_text(encoding="utf-8"))]
    assert polices, "katex.min.css ne déclare aucune police"
    for url in polices:
        assert not est_externe(url), url
        assert resoudre(css, url, site).is_file(), f"police absente : {url}"
    assert len(list((site / "assets/katex/fonts").glob("*.woff2"))) >= 20


def test_pages_chargent_katex_en_relatif(site: Path) -> None:
    """Chaque page charge KaTeX par une adresse relative qui mène au bon fichier.

    Sauf ``404.html`` : un serveur la renvoie pour n'importe quelle adresse,
    MkDocs y écrit donc des adresses absolues (depuis la racine du site).
    """
    attendus = (
        "assets/katex/katex.min.js",
        "assets/katex/contrib/auto-render.min.js",
        "javascripts/katex.js",
        "assets/katex/katex.min.css",
    )
    pages = [p for p in fichiers(site, ".html") if p.name != "404.html"]
    assert pages
    for page in pages:
        ressources = [url for _, url in analyser(page).ressources]
        for attendu in attendus:
            urls = [url for url in ressources if urlsplit(url).path.endswith(attendu)]
            assert urls, f"{page.relative_to(site)} ne charge pas {attendu}"
            for url in urls:
                assert not est_externe(url) and not url.startswith("/"), (
                    f"{page.relative_to(site)} : adresse non relative {url}"
                )
                assert resoudre(page, url, site) == (site / attendu).resolve()


def test_formules_a_rendre(site: Path) -> None:
    """Les formules arrivent dans les pages sous la forme que katex.js rend."""
    pages = [p for p in fichiers(site, ".html") if 'class="arithmatex"' in p.read_text("utf-8")]
    assert pages, "aucune page ne contient de formule (pymdownx.arithmatex, generic: true)"
    texte = pages[0].read_text(encoding="utf-8")
    # Hors de l'index de recherche (``data-search-exclude``) : l'aperçu montre la prose.
    assert re.search(r'<(span|div) class="arithmatex"( data-search-exclude)?>\\[(\[]', texte)


def test_cale_iframe_worker_locale(site: Path) -> None:
    """La cale qui fait marcher la recherche depuis file:// est servie par le site."""
    assert (site / "assets/iframe-worker/shim.js").is_file()
    ressources = [url for _, url in analyser(site / "index.html").ressources]
    assert "assets/iframe-worker/shim.js" in ressources


# --- (d) recherche en français, hors ligne ------------------------------------


def test_recherche_en_francais(site: Path) -> None:
    """L'index de recherche est configuré pour le français."""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "fr" in index["config"]["lang"]
    assert index["docs"], "index de recherche vide"


def test_recherche_hors_ligne(site: Path) -> None:
    """Le greffon offline a copié l'index dans un script lisible depuis file://."""
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")


# --- (e) carnets offerts : pas de lien relatif --------------------------------

LIEN_RELATIF_DE_CARNET = re.compile(
    r"\]\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)"          # [texte](cible) et ![image](cible)
    r"|^\s*\[[^\]]+\]:\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)"  # [réf]: cible
    r"|\b(?:href|src)\s*=\s*[\"']?(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)",  # <a href>, <img src>
    re.MULTILINE)


def test_carnets_offerts_sans_lien_relatif(site: Path) -> None:
    """Un carnet téléchargé s'ouvre hors du site (Colab, Jupyter) : aucun lien relatif.

    Chaque carnet offert (chapitres, ``carnets/``, et travaux pratiques, ``tp/``)
    est examiné cellule Markdown par cellule Markdown ; un lien vers une page
    du livre doit être absolu (``site_url``) ou écrit en clair.
    """
    offerts = fichiers(site, ".ipynb")
    assert any(p.parent.name == "tp" for p in offerts), "aucun carnet de TP dans le site"
    assert any("carnets" in p.parts for p in offerts), "aucun carnet de chapitre dans le site"
    fautifs = []
    for carnet in offerts:
        for numero, cellule in enumerate(json.loads(carnet.read_text(encoding="utf-8"))["cells"]):
            source = "".join(cellule["source"])
            if cellule["cell_type"] == "markdown" and (m := LIEN_RELATIF_DE_CARNET.search(source)):
                extrait = source[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                fautifs.append(f"{carnet.relative_to(site)}, cellule {numero} : « {extrait} »")
    assert not fautifs, "liens relatifs, morts dans un carnet téléchargé :\n" + "\n".join(fautifs)
