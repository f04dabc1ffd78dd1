"""Le site construit, servi en local et ouvert dans Chromium, une fois par session.

- ``site_construit`` : le site que la suite a déjà construit en mode strict
  (la fixture ``construction`` de ``tests/conftest.py``, partagée avec
  ``tests/site/``), ou le dossier nommé par ``DLCOURSE_SITE_CONSTRUIT`` ;
- ``serveur`` : un serveur HTTP local (127.0.0.1) qui sert ce dossier ;
- ``navigateur`` : le Chromium du système (``/usr/bin/chromium``, paquet Debian
  installé par ``make install``) piloté par Playwright ; aucun navigateur
  n'est téléchargé ;
- ``visites`` : chaque page du site ouverte une fois, avec ce qu'on a observé
  (erreurs de la console, requêtes, images, formules, mise en page à deux
  largeurs, analyse axe-core), que les tests de ``test_lecture.py`` et de
  ``test_mise_en_page.py`` examinent ensuite ;
- ``pages`` : les pages HTML du site construit.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    # Aucun autre hôte que le serveur local ne se résout : une requête vers
    # l'extérieur échoue dans Chromium même, sans passer par Python (voir
    # `bloquer_l_exterieur`).
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    # Sans le compilateur optimisant de V8 (TurboFan) : chaque page ne vit que le
    # temps de sa visite, et ce que TurboFan compile en arrière-plan ne sert presque
    # jamais. Le JavaScript garde exactement le même sens. Mesuré hors suite sur
    # les 47 visites : 95,5 à 105,2 s-cœur et 64,9 à 70,7 s sans cette option,
    # 87,1 et 89,1 s-cœur, 62,7 et 63,3 s avec (axe-core lui-même va plus vite).
    "--js-flags=--no-opt",
]


ADRESSE_AXE = "__axe-core__/axe.min.js"
"""Où le serveur local sert axe-core, à côté du site : chargé par son adresse, le
script est compilé une fois et gardé dans le cache de Chromium d'une page à
l'autre (injecté comme texte, il était recompilé à chaque page : 10 s sur 47)."""


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if path.lstrip("/") == ADRESSE_AXE:
            return str(AXE)
        return super().translate_path(path)


class _Serveur(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """Une connexion que Chromium a fermée avant la fin de la réponse (la visite a
        quitté la page pendant que la recherche chargeait son index) n'est pas une
        erreur du site : on la tait. Toute autre erreur s'affiche, comme d'habitude."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serveur(site_construit: Path) -> Iterator[str]:
    """L'adresse (``http://127.0.0.1:PORT/``) d'un serveur local qui sert le site."""
    gestionnaire = functools.partial(_Silencieux, directory=str(site_construit))
    httpd = _Serveur(("127.0.0.1", 0), gestionnaire)
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
def adresse_axe(serveur: str) -> str:
    """L'adresse d'axe-core (registre npm, installé par ``make install`` dans
    node_modules/), que le serveur local sert à côté du site (`ADRESSE_AXE`)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(RACINE)} manque : lancez « make install » (npm ci).",
                    pytrace=False)
    return serveur + ADRESSE_AXE


# --- Les visites : chaque page ouverte une fois -----------------------------------

LARGEURS = {"bureau": (1280, 800), "telephone": (390, 844)}
"""Les deux fenêtres où l'on mesure la mise en page : un écran de bureau, un téléphone."""

ONGLETS_EN_PARALLELE = 1
"""Pages analysées en même temps (un onglet chacune). Un seul : mesuré hors suite,
les 47 pages prennent 102 s dans un onglet, 240 s dans deux onglets d'une même
fenêtre (Chromium ralentit l'onglet d'arrière-plan, où tourne axe-core) et
108 s dans deux fenêtres (l'autre processus de test occupe déjà l'autre cœur)."""


def pages_html(site: Path) -> list[str]:
    """Les pages HTML du site (adresses relatives), sauf la page 404."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html")


_JETON = re.compile(r'<span class="([a-z]{1,3})">')


def page_de_reference_du_code(site: Path) -> str:
    """La page dont les blocs de code ont le plus de sortes de jetons colorés (Pygments).

    Les couleurs des jetons ne dépendent que du thème (`docs/stylesheets`) : leur
    contraste, vérifié sur cette page-là, vaut pour toutes les autres.
    """
    return max(pages_html(site), key=lambda n: len(set(_JETON.findall(
        (site / n).read_text(encoding="utf-8")))))


def page_de_reference_des_formules(site: Path) -> str:
    """La page qui a le plus de formules (KaTeX) : leur contraste y est analysé."""
    return max(pages_html(site), key=lambda n: (site / n).read_text(encoding="utf-8")
               .count('class="arithmatex"'))


def page_de_reference_des_carnets(site: Path) -> str | None:
    """Le premier carnet de travaux pratiques rendu (mkdocs-jupyter), s'il y en a."""
    return next((n for n in pages_html(site)
                 if 'class="jupyter-wrapper"' in (site / n).read_text(encoding="utf-8")), None)


@dataclass
class Visite:
    """Ce qu'on a observé en ouvrant une page."""

    erreurs: list[str] = field(default_factory=list)
    requetes: list[str] = field(default_factory=list)
    echecs: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    formules: dict = field(default_factory=dict)
    mise_en_page: dict[str, dict] = field(default_factory=dict)
    """Par largeur (`LARGEURS`) : débordements, zones défilantes, figures affichées."""
    violations: list[dict] = field(default_factory=list)
    code_complet: bool = False
    """Vrai si axe-core a analysé les jetons colorés du code (pages de référence)."""
    analyse: bool = False
    """Vrai pendant l'analyse d'axe-core : la page a été allégée pour elle (`_ALLEGER`),
    ses scripts peuvent alors se plaindre d'éléments retirés ; ce ne sont pas des
    erreurs de la page, on ne les compte pas."""


def bloquer_l_exterieur(contexte, interne) -> list[str]:
    """Note toute requête qui quitte le site ; renvoie la liste, que les tests veulent vide.

    Chromium, lancé avec `OPTIONS_CHROMIUM`, ne résout aucun autre hôte que
    127.0.0.1 : une telle requête échoue sans sortir. On l'écoute au lieu de
    l'intercepter (``contexte.route``), qui ferait passer chaque requête par
    Python (mesuré sur les 47 visites et leurs 1 100 requêtes : 10 s de plus).
    """
    refusees: list[str] = []
    contexte.on("request", lambda requete: None if interne(requete.url)
                else refusees.append(requete.url))
    return refusees


_PRETE = ("() => document.fonts.ready.then(() => new Promise(r => "
          "requestAnimationFrame(() => requestAnimationFrame(r))))")
"""Polices chargées, puis deux images plus tard : KaTeX et nos scripts ont fini."""

_IMAGES = """() => Array.from(document.images).map(i => ({
    src: i.getAttribute('src'), alt: i.getAttribute('alt'),
    chargee: i.complete && i.naturalWidth > 0}))"""

_FORMULES = """() => ({
    total: document.querySelectorAll('.arithmatex').length,
    rendues: document.querySelectorAll('.arithmatex .katex').length,
    non_rendues: Array.from(document.querySelectorAll('.arithmatex'))
        .filter(e => !e.querySelector('.katex')).map(e => e.textContent.slice(0, 60)),
    erreurs: document.querySelectorAll('.katex-error').length})"""

ZONES_DEFILANTES = ", ".join([
    ".sortie",                 # sorties des blocs de code (journaux d'entraînement)
    ".jp-OutputArea-output",   # sorties des cellules des carnets
    ".md-typeset__scrollwrap",  # tableaux (Material les enveloppe), sur téléphone
    ".figure-lisible",         # figures sur téléphone, à une taille où leur texte se lit
])
"""Les zones où un défilement horizontal est voulu : ailleurs, rien ne doit dépasser."""

_MESURER = """async zones => {
    // Tous les onglets et tous les encadrés repliés visibles, le temps de mesurer ;
    // deux images plus tard, Material et nos scripts ont vu les zones qui défilent.
    const style = document.createElement('style');
    style.textContent = '.tabbed-set > .tabbed-content > .tabbed-block '
        + '{ display: block !important }';
    document.head.appendChild(style);
    const fermes = Array.from(document.querySelectorAll('details:not([open])'));
    fermes.forEach(d => { d.open = true; });
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    // La colonne du contenu, marges comprises : sur téléphone, Material étend
    // exprès les blocs de code jusqu'aux bords de l'écran.
    const colonne = document.querySelector('.md-content') || document.body;
    const droite = Math.min(colonne.getBoundingClientRect().right, window.innerWidth) + 1;
    const nom = e => (e.id ? '#' + e.id : e.tagName.toLowerCase()
        + (e.classList.length ? '.' + Array.from(e.classList).slice(0, 2).join('.') : ''))
        + ' « ' + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50) + ' »';
    const debordements = [], defilantes = [];
    const largeurPage = document.documentElement.scrollWidth;
    if (largeurPage > window.innerWidth + 1)
        debordements.push(
            `la page défile horizontalement (${largeurPage} px pour ${window.innerWidth})`);
    const cibles = '.katex-display, .arithmatex, .md-typeset pre, .md-typeset pre > code, '
        + '.md-typeset table, .md-typeset__table, .md-typeset img, .jp-Cell, .jp-InputArea, '
        + '.jp-OutputArea-output, .tabbed-set, .md-typeset .admonition, .md-typeset details';
    for (const e of document.querySelectorAll(cibles)) {
        if (!e.getClientRects().length) continue;
        const autorisee = e.closest(zones);
        const r = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        const cache = e.scrollWidth > e.clientWidth + 1 && style.overflowX !== 'visible'
            && e.clientWidth > 0;
        if (cache) {
            if (autorisee) {
                const focalisable = e.closest('[tabindex]') || e.querySelector('[tabindex]');
                defilantes.push({zone: nom(e), clavier: !!focalisable});
            } else {
                debordements.push(
                    `${nom(e)} : ${e.scrollWidth} px dans ${e.clientWidth} px (coupé)`);
            }
        } else if (r.right > droite && !autorisee) {
            debordements.push(
                `${nom(e)} : dépasse la colonne de ${Math.round(r.right - droite)} px`);
        }
    }
    const figures = Array.from(document.querySelectorAll('.md-content img'))
        .filter(i => i.getClientRects().length && i.naturalWidth > 0)
        .map(i => ({src: decodeURI(i.currentSrc || i.src).split('/').pop().slice(0, 80),
                    naturelle: i.naturalWidth,
                    affichee: i.getBoundingClientRect().width}));
    // Les tableaux : colonnes, code ou formules dedans, et ce qui dépasse de leur cadre.
    const tableaux = Array.from(document.querySelectorAll('.md-typeset__scrollwrap'))
        .filter(w => w.getClientRects().length && w.querySelector('table'))
        .map(w => ({tableau: nom(w.querySelector('table')),
                    colonnes: w.querySelector('tr').children.length,
                    avec_code: !!w.querySelector('code, .katex, .arithmatex'),
                    cache_px: Math.max(0, w.scrollWidth - w.clientWidth)}));
    // Une formule en bloc ne revient jamais à la ligne au hasard d'un signe : trop
    // large, elle est réduite (javascripts/katex.js) ou écrite sur plusieurs lignes.
    const formules_coupees = Array.from(document.querySelectorAll('.katex-display > .katex'))
        .filter(f => getComputedStyle(f).whiteSpace !== 'nowrap')
        .map(f => f.textContent.slice(0, 50));
    // Les sorties : un tableau (model.summary(), des colonnes alignées) garde ses
    // lignes et défile ; une autre sortie revient à la ligne et tient.
    const sorties = Array.from(document.querySelectorAll(
            '.sortie pre > code, .jp-OutputArea-output pre'))
        .filter(e => e.getClientRects().length)
        .map(e => ({texte: e.textContent.trim().slice(0, 50),
                    tableau: !!e.closest('.sortie.tableau, .jp-OutputArea-output.tableau'),
                    lignes_gardees: getComputedStyle(e).whiteSpace === 'pre',
                    cache_px: Math.max(0, e.scrollWidth - e.clientWidth)}));
    // L'espace entre une formule en bloc et le texte qui l'entoure (en px).
    const ecarts_formules = Array.from(document.querySelectorAll('div.arithmatex'))
        .filter(d => d.getClientRects().length && d.querySelector('.katex-html'))
        .map(d => {
            const k = d.querySelector('.katex-html').getBoundingClientRect();
            const avant = d.previousElementSibling, apres = d.nextElementSibling;
            // Le paragraphe voisin seulement : un titre a sa propre marge, plus grande.
            const ecart = (e, f) => e && e.tagName === 'P' ? Math.round(f(e)) : 0;
            return {formule: d.textContent.trim().slice(0, 50),
                    avant: ecart(avant, e => k.top - e.getBoundingClientRect().bottom),
                    apres: ecart(apres, e => e.getBoundingClientRect().top - k.bottom)};
        });
    fermes.forEach(d => { d.open = false; });
    style.remove();
    return {debordements, defilantes, figures, tableaux, formules_coupees, sorties,
            ecarts_formules};
}"""

_ALLEGER = """async complete => {
    // Voir `visites` : ce qui ne dépend que du thème est analysé une fois.
    if (!complete) {
        document.querySelectorAll('.highlight pre > code, .highlight-ipynb pre').forEach(c => {
            c.textContent = c.textContent;  // un texte d'une couleur, celle du code
        });
        document.querySelectorAll('.katex-html').forEach(f => {
            f.textContent = f.textContent;  // la formule, en texte de la couleur du paragraphe
        });
    }
    // Le cadre du thème (en-tête, menus, pied de page), le même sur chaque page :
    // hors de l'analyse (le contenu seul), mais axe-core le parcourt quand même ;
    // caché, il le traverse sans l'examiner. (Retiré, les scripts du thème, qui
    // s'y réfèrent, lèveraient des exceptions.)
    const cadre = document.createElement('style');
    cadre.textContent = '.md-header, .md-tabs, .md-sidebar, .md-footer '
        + '{ display: none !important }';
    document.head.appendChild(cadre);
    // Le texte des formules n'a plus la largeur de leur dessin : la page refait ce
    // qu'elle fait à chaque mise en page (réduire ce qui dépasse, rendre focalisable
    // ce qui défile), comme après un changement de taille de la fenêtre.
    window.dispatchEvent(new Event('resize'));
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""

_SANS_TRANSITIONS = """*, *::before, *::after {
    transition: none !important; animation: none !important;
}"""
"""Les transitions et animations, arrêtées à leur état final avant axe-core."""

_LANCER_AXE = """contexte => {
    // Seules les règles dont les violations sont graves ou critiques : c'est ce
    // que le test refuse (les autres, « region » surtout, coûtent sans servir).
    const regles = axe._audit.rules
        .filter(r => ['serious', 'critical'].includes(r.impact) && r.enabled !== false
                   && !r.tags.includes('experimental'))
        .map(r => r.id);
    window.__violations = axe.run(contexte === 'document' ? document : contexte, {
        resultTypes: ['violations'], runOnly: {type: 'rule', values: regles},
    }).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, aide: v.help,
        cibles: v.nodes.slice(0, 3).map(n => n.target.join(' '))})));
}"""


_RECHERCHE_AU_REPOS = """noms => {
    // Voir `visites` : hors des pages de référence, le moteur de recherche (un
    // Worker, qui télécharge l'index et le compile) ne démarre pas.
    const nom = decodeURIComponent(location.pathname).replace(/^\\//, '');
    if (!noms.includes(nom)) {
        window.Worker = class extends EventTarget { postMessage() {} terminate() {} };
    }
}"""


def _espionner(page, courante: dict) -> None:
    """Range ce que dit la page dans la visite en cours de cet onglet (``courante[page]``)."""
    def visite() -> Visite:
        # Entre deux pages, un événement tardif va dans une visite jetée.
        return courante.get(page) or Visite()
    page.on("console", lambda m: visite().erreurs.append(f"console : {m.text}")
            if m.type == "error" and not visite().analyse else None)
    page.on("pageerror", lambda e: None if visite().analyse
            else visite().erreurs.append(f"exception : {e}"))
    page.on("request", lambda r: visite().requetes.append(r.url))
    # Une requête interrompue (net::ERR_ABORTED) n'est pas une ressource manquante :
    # la visite a quitté la page pendant que le moteur de recherche chargeait
    # encore ses scripts. Un fichier absent répond 404, noté ci-dessous.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED"
            else visite().echecs.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: visite().echecs.append(f"{r.url} (HTTP {r.status})")
            if r.status >= 400 else None)


@pytest.fixture(scope="session")
def visites(site_construit, serveur, navigateur, adresse_axe) -> dict[str, Visite]:
    """Chaque page du site, ouverte une fois, mesurée à deux largeurs puis analysée.

    Pour chaque page : les erreurs de la console, les requêtes, les images, les
    formules ; la mise en page à 1280 px puis à 390 px (même visite, la fenêtre
    change de taille) ; enfin axe-core, à 390 px.

    Ce qui rend la visite rapide, sans rien perdre de ce que vérifient les tests :

    - axe-core ne lance que les règles qui peuvent produire une violation grave
      ou critique (celles que `test_accessibilite_axe` refuse) ;
    - les jetons colorés du code (un ``<span>`` par mot, des milliers par page)
      et le dessin des formules (KaTeX, des dizaines de ``<span>`` par formule)
      ne sont analysés que sur trois pages de référence : celle qui a le plus
      de sortes de jetons (`page_de_reference_du_code`), celle qui a le plus de
      formules et un carnet de TP. Leurs couleurs ne dépendent que du thème,
      pas de la page. Ailleurs, chaque bloc de code redevient, juste avant
      axe-core, un texte d'une couleur (celle du code ordinaire) et chaque
      formule un texte de la couleur du paragraphe : leur structure (bouton de
      copie, zone défilante, MathML) et leur contraste de base restent
      vérifiés. Le cadre du thème (en-tête, menus, pied de page), identique
      partout, n'est analysé que sur la page d'accueil ;
    - les pages sont visitées à tour de rôle dans `ONGLETS_EN_PARALLELE`
      onglets (un seul aujourd'hui : voir sa mesure) ;
    - axe-core se charge par son adresse (`ADRESSE_AXE`), compilé une fois, et
      les requêtes sont écoutées (``Visite.requetes``), non interceptées : les
      options de Chromium (`OPTIONS_CHROMIUM`) suffisent à bloquer l'extérieur.
      Mesuré hors suite, les 47 visites passent de 103 s à 80 s ;
    - le moteur de recherche (un Worker qui télécharge l'index de tout le site
      et le compile, 0,4 s de calcul par page) ne démarre que sur la page
      d'accueil et les pages de référence (`_RECHERCHE_AU_REPOS`) : ses
      fichiers et son code sont les mêmes pour chaque page, et ses erreurs et
      requêtes y sont vérifiées comme le reste ; `test_poids_des_pages` compte
      ses fichiers pour toutes les pages, et ``test_recherche.py`` s'en sert.
      Mesuré hors suite : 110 → 89 s-cœur de calcul pour les 47 visites.
    """
    largeur, hauteur = LARGEURS["bureau"]
    contexte = navigateur.new_context(viewport={"width": largeur, "height": hauteur})
    completes = {page_de_reference_du_code(site_construit),
                 page_de_reference_des_formules(site_construit),
                 page_de_reference_des_carnets(site_construit)}
    avec_recherche = sorted(({"index.html"} | completes) - {None})
    contexte.add_init_script(f"({_RECHERCHE_AU_REPOS})({json.dumps(avec_recherche)})")
    courante: dict = {}
    onglets = [contexte.new_page() for _ in range(ONGLETS_EN_PARALLELE)]
    for onglet in onglets:
        _espionner(onglet, courante)
    resultat: dict[str, Visite] = {}

    def terminer(onglet) -> None:
        visite = courante.pop(onglet, None)
        if visite is not None:
            visite.violations = onglet.evaluate("() => window.__violations")

    for rang, nom in enumerate(pages_html(site_construit)):
        onglet = onglets[rang % len(onglets)]
        terminer(onglet)
        visite = courante[onglet] = resultat[nom] = Visite(code_complet=nom in completes)
        onglet.set_viewport_size({"width": largeur, "height": hauteur})
        onglet.goto(serveur + nom, wait_until="load")
        onglet.evaluate(_PRETE)
        visite.images = onglet.evaluate(_IMAGES)
        visite.formules = onglet.evaluate(_FORMULES)
        for cle, (lx, hy) in LARGEURS.items():
            if (lx, hy) != (largeur, hauteur):
                onglet.set_viewport_size({"width": lx, "height": hy})
                onglet.evaluate(_PRETE)
            visite.mise_en_page[cle] = onglet.evaluate(_MESURER, ZONES_DEFILANTES)
        # axe-core analyse la page à la dernière largeur (téléphone) : les
        # règles graves ne dépendent pas de la largeur, et la fenêtre ne change
        # pas une fois de plus.
        # Toute la page d'accueil ; ailleurs, le contenu seul (l'en-tête, le menu
        # et le pied de page du thème sont les mêmes partout).
        visite.analyse = True
        if nom != "index.html":
            onglet.evaluate(_ALLEGER, visite.code_complet)
        # Le passage à 390 px replie le menu dans un tiroir, avec des transitions
        # CSS : analysé pendant l'une d'elles, un lien du menu peut avoir un
        # contraste qu'aucun lecteur ne voit. Un échec de contraste sur deux liens
        # du menu de la page d'accueil est arrivé une fois (suite complète, le
        # 28 novembre 2026), sur un site et un thème inchangés, sans se reproduire
        # ensuite : c'est la cause la plus probable. Les couleurs vérifiées sont
        # celles de l'état final, celui que voit le lecteur.
        onglet.add_style_tag(content=_SANS_TRANSITIONS)
        onglet.add_script_tag(url=adresse_axe)
        onglet.evaluate(_LANCER_AXE, "document" if nom == "index.html" else ".md-content")
    for onglet in onglets:
        terminer(onglet)
    contexte.close()
    return resultat


@pytest.fixture(scope="session")
def pages(site_construit) -> list[str]:
    """Les pages HTML du site construit (adresses relatives), sauf la page 404."""
    return pages_html(site_construit)


@pytest.fixture(scope="session")
def bloqueur():
    """`bloquer_l_exterieur`, pour les tests qui ouvrent leur propre contexte."""
    return bloquer_l_exterieur
