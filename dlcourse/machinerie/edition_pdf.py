"""Les éditions PDF du livre : *Deep Learning avec Keras* et *Deep Learning avec PyTorch*.

Une édition se tire du site **déjà construit** (et testé) : rien n'est
recompilé. Chaque page du menu (``mkdocs.yml``, lu par
`dlcourse.machinerie.pages.pages_du_menu`) est ouverte dans Chromium, qui y
rend les formules (KaTeX, servi par le site) ; on garde son article, on le
transforme pour l'impression, puis on assemble un seul document HTML qui
utilise les feuilles de style du site, et Chromium l'imprime en PDF
(``page.pdf()`` de Playwright). Chromium est le compositeur : ce module n'en
écrit pas.

Ce que fait la transformation (`_TRANSFORMER`, dans la page) :

- les onglets : seuls ceux de l'édition restent (« Keras » et « TensorFlow »
  pour l'édition Keras, « PyTorch » pour l'autre), sans le widget (ni boutons
  radio ni étiquettes) ; un jeu d'onglets qui n'est pas un choix de framework
  garde tous ses onglets, chacun sous son nom ;
- les solutions repliées (``<details>`` dont le titre commence par
  « Solution ») partent à la fin du chapitre, ouvertes et numérotées ; un
  renvoi reste à leur place ; les autres encadrés repliables (sorties, « Le
  code de… ») sont ouverts sur place ;
- les identifiants prennent le préfixe de la page, et les liens entre pages
  deviennent des ancres du document ; un lien vers un fichier du site qui
  n'est pas dans l'édition (un carnet à télécharger) redevient du texte ;
- les images gardent leur adresse ``file://`` absolue (Chromium les intègre
  au PDF) ; les boutons de copie, les ancres « ¶ » et les boutons de
  téléchargement des carnets disparaissent.

Les pages sans onglets (introductions à TensorFlow et à PyTorch,
installation, questions…) vont dans les deux éditions ; un carnet de
travaux pratiques ne va que dans l'édition de son framework (nommé dans son
titre du menu). Le guide du contributeur et la référence de ``dlcourse``
(l'outillage du livre, pas le cours) restent sur le site.

Usage ::

    python -m dlcourse.machinerie.edition_pdf --site site --edition keras \\
        --sortie site/pdf/deep-learning-avec-keras.pdf
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from dlcourse.machinerie.pages import RACINE, pages_du_menu

CHROMIUM = Path(os.environ.get("DLCOURSE_CHROMIUM", "/usr/bin/chromium"))
OPTIONS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync"]

EDITIONS: dict[str, dict[str, Any]] = {
    "keras": {"titre": "Deep Learning avec Keras", "onglets": ("Keras", "TensorFlow"),
              "execution": "Keras", "fichier": "deep-learning-avec-keras.pdf",
              "versions": ("python", "numpy", "tensorflow", "keras", "scikit-learn",
                           "matplotlib")},
    "pytorch": {"titre": "Deep Learning avec PyTorch", "onglets": ("PyTorch",),
                "execution": "PyTorch", "fichier": "deep-learning-avec-pytorch.pdf",
                "versions": ("python", "numpy", "torch", "torchvision", "scikit-learn",
                             "matplotlib")},
}
"""Les deux éditions : leur titre, les onglets qu'elles gardent, leur fichier."""

CONFIGURATION = RACINE / "mkdocs.yml"


def _docs(configuration: Path) -> Path:
    config = yaml.load(configuration.read_text(encoding="utf-8"), Loader=_Chargeur)
    return (configuration.parent / config.get("docs_dir", "docs")).resolve()


ONGLETS_DE_FRAMEWORK = ("Keras", "TensorFlow", "PyTorch")

HORS_EDITION = ("index.md", "contribuer/index.md", "reference/dlcourse.md")
"""Pages du menu laissées au site : l'accueil (la page de titre le remplace),
le guide du contributeur et la référence de ``dlcourse``."""


@dataclass(frozen=True)
class Entree:
    """Une page de l'édition : son fichier, son titre et sa partie dans le menu."""

    source: Path
    relatif: str
    titre: str
    partie: str | None
    est_partie: bool

    @property
    def html(self) -> str:
        return re.sub(r"\.(md|ipynb)$", ".html", self.relatif)

    @property
    def ident(self) -> str:
        return "p-" + re.sub(r"[^a-z0-9]+", "-", self.html[:-5].lower()).strip("-")


class _Chargeur(yaml.SafeLoader):
    """Lit ``mkdocs.yml`` en ignorant les balises ``!!python/...``."""


_Chargeur.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def _titres_du_menu(configuration: Path) -> dict[Path, tuple[str | None, str | None]]:
    """Pour chaque fichier du menu : (titre dans le menu, titre de sa partie)."""
    config = yaml.load(configuration.read_text(encoding="utf-8"), Loader=_Chargeur)
    docs = configuration.parent / config.get("docs_dir", "docs")
    titres: dict[Path, tuple[str | None, str | None]] = {}

    def parcourir(noeud: Any, titre: str | None, partie: str | None) -> None:
        if isinstance(noeud, str):
            titres[(docs / noeud).resolve()] = (titre, partie)
        elif isinstance(noeud, dict):
            for cle, valeur in noeud.items():
                sous_partie = cle if isinstance(valeur, list) else partie
                parcourir(valeur, cle, sous_partie)
        elif isinstance(noeud, list):
            for element in noeud:
                parcourir(element, None, partie)

    parcourir(config.get("nav", []), None, None)
    return titres


def entrees(edition: str, chapitres: list[str] | None = None,
            configuration: Path = CONFIGURATION) -> list[Entree]:
    """Les pages d'une édition, dans l'ordre du menu.

    Parameters
    ----------
    edition : str
        ``"keras"`` ou ``"pytorch"``.
    chapitres : list of str, optional
        Pour une petite édition : les pages à garder (chemins relatifs à
        ``docs/``, comme dans le menu).
    configuration : Path
        Le ``mkdocs.yml`` du site (celui du dépôt par défaut).
    """
    autres = [nom for nom in ("Keras", "PyTorch") if nom != EDITIONS[edition]["execution"]]
    titres = _titres_du_menu(configuration)
    docs = _docs(configuration)
    resultat = []
    for source in pages_du_menu(configuration):
        relatif = source.relative_to(docs).as_posix()
        if relatif in HORS_EDITION or (chapitres is not None and relatif not in chapitres):
            continue
        titre, partie = titres.get(source, (None, None))
        if titre and any(f"({nom})" in titre for nom in autres):
            continue  # un carnet de TP de l'autre framework
        est_partie = titre is None and source.name == "index.md"
        resultat.append(Entree(source, relatif, titre or partie or "", partie, est_partie))
    return resultat


def metadonnees(edition: str, configuration: Path = CONFIGURATION) -> dict[str, Any]:
    """Date, versions et appareil de la dernière exécution complète du framework de l'édition.

    Lus dans les enregistrements ``docs/**/resultats.json`` (le plus récent).
    """
    cle = EDITIONS[edition]["execution"]
    meilleure: dict[str, Any] | None = None
    for fichier in _docs(configuration).rglob("resultats.json"):
        try:
            enregistrement = json.loads(fichier.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        execution = (enregistrement.get("executions") or {}).get(cle)
        if execution and execution.get("versions") and (
                meilleure is None or execution.get("date", "") > meilleure.get("date", "")):
            meilleure = execution
    meilleure = meilleure or {}
    versions = meilleure.get("versions", {})
    return {
        "date_execution": (meilleure.get("date") or "")[:10],
        "appareil": meilleure.get("appareil", "inconnu"),
        "versions": {n: versions[n] for n in EDITIONS[edition]["versions"] if n in versions},
    }


_PRETE = ("() => document.fonts.ready.then(() => new Promise(r => "
          "requestAnimationFrame(() => requestAnimationFrame(r))))")

_TRANSFORMER = r"""([garder, cadres, pagesEdition, racine]) => {
  for (const section of document.querySelectorAll('section[data-page]')) {
    const pid = section.id;
    const base = 'file://' + racine + section.dataset.page;
    const article = section.querySelector(':scope > .edition-article');
    // L'outillage de l'écran : ancres « ¶ », boutons (copie, édition, carnets).
    const bandeaux = Array.from(article.querySelectorAll('a.dlcourse-carnet'))
        .map(a => a.closest('p')).filter(p => p);
    article.querySelectorAll('.headerlink, .md-clipboard, .md-content__button, '
        + 'a.dlcourse-carnet, .katex-mathml, script, .md-source-file, button, '
        + '.md-code__nav, input[type=radio], clipboard-copy, .clipboard-copy-txt, a.anchor-link')
        .forEach(e => e.remove());
    // Le bandeau « Exécuter cette page chez vous : » n'a plus de boutons.
    bandeaux.forEach(p => {
        if (/^Exécuter cette page chez vous\s*:?$/.test(p.textContent.trim())) p.remove();
    });
    // Les onglets : ceux de l'édition, sans le widget.
    for (const jeu of Array.from(article.querySelectorAll('.tabbed-set')).reverse()) {
        const noms = Array.from(jeu.querySelectorAll(':scope > .tabbed-labels > label'))
            .map(l => l.textContent.trim());
        const blocs = Array.from(jeu.querySelectorAll(':scope > .tabbed-content > .tabbed-block'));
        const choix = noms.some(n => cadres.includes(n));
        const section = document.createElement('div');
        section.className = 'edition-onglets';
        blocs.forEach((bloc, i) => {
            if (choix && !garder.includes(noms[i])) return;
            if (!choix) {
                const titre = document.createElement('p');
                titre.className = 'edition-onglet-titre';
                titre.innerHTML = '<strong></strong>';
                titre.firstChild.textContent = noms[i] || '';
                section.appendChild(titre);
            }
            while (bloc.firstChild) section.appendChild(bloc.firstChild);
        });
        if (section.childNodes.length) jeu.replaceWith(section); else jeu.remove();
    }
    // Les solutions, à la fin du chapitre ; le reste, ouvert sur place.
    const solutions = [];
    for (const d of article.querySelectorAll('details')) {
        const resume = d.querySelector(':scope > summary');
        const titre = resume ? resume.textContent.trim() : '';
        d.open = true;
        if (/^Solution/i.test(titre) && !d.parentElement.closest('details')) {
            const n = solutions.length + 1;
            const renvoi = document.createElement('p');
            renvoi.className = 'edition-renvoi';
            renvoi.innerHTML = `<em>Solution ${n} : voir `
                + `<a href="#solutions">la fin du chapitre</a>.</em>`;
            d.replaceWith(renvoi);
            if (resume) resume.textContent = `Solution ${n}` + titre.replace(/^Solution/i, '');
            solutions.push(d);
        }
    }
    if (solutions.length) {
        const bloc = document.createElement('section');
        bloc.className = 'edition-solutions';
        bloc.innerHTML = `<h2 id="solutions">Solutions des exercices</h2>`;
        solutions.forEach(d => bloc.appendChild(d));
        article.appendChild(bloc);
    }
    // Identifiants préfixés ; liens entre pages → ancres du document.
    article.querySelectorAll('[id]').forEach(e => { e.id = pid + '--' + e.id; });
    article.querySelectorAll('[for]').forEach(e => e.removeAttribute('for'));
    for (const a of article.querySelectorAll('a[href]')) {
        const brut = a.getAttribute('href');
        let url;
        try { url = new URL(brut, base); } catch (e) { continue; }
        if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:')
            continue;
        let chemin = decodeURIComponent(url.pathname);
        if (chemin.startsWith(racine)) chemin = chemin.slice(racine.length);
        if (chemin.endsWith('/')) chemin += 'index.html';
        const cible = pagesEdition[chemin];
        if (cible) {
            const ancre = url.hash ? '--' + decodeURIComponent(url.hash.slice(1)) : '';
            a.setAttribute('href', '#' + cible + ancre);
        } else {
            const texte = document.createElement('span');
            while (a.firstChild) texte.appendChild(a.firstChild);
            a.replaceWith(texte);
        }
    }
    const h1 = article.querySelector('h1');
    if (h1) h1.remove();
  }
  // Les images ont leur adresse absolue (écrite par Python) : on attend qu'elles soient là.
  return Promise.all(Array.from(document.images).map(i => i.complete ? null
      : new Promise(r => { i.onload = i.onerror = r; })));
}"""

STYLE_IMPRESSION = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html { font-size: 110%; }
body { margin: 0; background: white; }
.md-typeset { font-size: 0.72rem; }
.md-typeset pre, .md-typeset pre > code, .highlight pre, .highlight code,
.jp-InputArea pre, .jp-OutputArea pre, .highlight-ipynb pre {
  white-space: pre-wrap !important; overflow-wrap: anywhere; word-break: break-word;
  overflow: visible !important; max-height: none !important; }
.md-typeset pre > code { font-size: 0.62rem; }
.md-typeset img { max-width: 100%; height: auto; break-inside: avoid; }
.md-typeset details > summary::after { display: none; }
.katex-display { overflow: visible !important; }
.titre-livre { break-after: page; text-align: center; padding-top: 30%; }
.titre-livre h1 { font-size: 2.4em; margin-bottom: 0.3em; }
.titre-livre table { margin: 2em auto; }
.table-des-matieres { break-after: page; }
.md-typeset .table-des-matieres ol { list-style: none !important; padding-left: 0;
  margin-left: 0 !important; }
.md-typeset .table-des-matieres ol ol { padding-left: 1.5em; }
.md-typeset .table-des-matieres li { margin: 0.15em 0 !important; }
.toc-page { float: right; }
section.edition-partie > h1.edition-titre { break-before: page; }
section.edition-chapitre > h1.edition-titre { break-before: page; }
h1.edition-titre { font-size: 1.8em; }
.edition-solutions { border-top: 1px solid #999; margin-top: 2em; }
.edition-onglet-titre { margin-bottom: 0.2em; }
"""


def _page_de_titre(edition: str, infos: dict[str, Any]) -> str:
    e = EDITIONS[edition]
    lignes = "".join(f"<tr><td>{html.escape(n)}</td><td>{html.escape(str(v))}</td></tr>"
                     for n, v in infos["versions"].items())
    aujourd_hui = datetime.date.today().isoformat()
    return (f'<section class="titre-livre"><h1>{html.escape(e["titre"])}</h1>'
            f"<p>Un cours de deep learning en français : chaque exemple exécuté par les "
            f"tests du livre.</p><p>Édition du {aujourd_hui} ; dernière exécution complète "
            f"du code : {html.escape(infos['date_execution'] or 'inconnue')}, sur "
            f"{html.escape(infos['appareil'])}.</p>"
            f"<table><thead><tr><th>Bibliothèque</th><th>Version</th></tr></thead>"
            f"<tbody>{lignes}</tbody></table></section>")


def _table_des_matieres(liste: list[Entree]) -> str:
    morceaux = ['<nav class="table-des-matieres"><h1>Table des matières</h1><ol>']
    partie_ouverte = None
    deja_titrees: set[str] = set()
    for entree in liste:
        if entree.partie != partie_ouverte:
            if partie_ouverte is not None:
                morceaux.append("</ol></li>")
            partie_ouverte = entree.partie
            if entree.partie:
                cible = entree.ident if entree.est_partie else "partie-" + _ident(entree.partie)
                deja_titrees.add(entree.partie)
                morceaux.append(f'<li><a href="#{cible}">{html.escape(entree.partie)}</a>'
                                f'<span class="toc-page" data-cible="{cible}"></span><ol>')
        if not entree.est_partie:
            morceaux.append(f'<li><a href="#{entree.ident}">{html.escape(entree.titre)}</a>'
                            f'<span class="toc-page" data-cible="{entree.ident}"></span></li>')
    if partie_ouverte is not None:
        morceaux.append("</ol></li>")
    morceaux.append("</ol></nav>")
    return "".join(morceaux)


def _ident(texte: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", texte.lower()).strip("-") or "x"


def construire(site: Path, edition: str, sortie: Path,
               chapitres: list[str] | None = None,
               garder_html: Path | None = None,
               configuration: Path = CONFIGURATION) -> dict[str, Any]:
    """Tire une édition PDF du site construit ``site`` et l'écrit dans ``sortie``.

    Returns
    -------
    dict
        ``{"pages": n, "duree_s": …, "octets": …}``.
    """
    return construire_plusieurs(site, {edition: Path(sortie)}, chapitres, garder_html,
                                configuration)[edition]


def construire_plusieurs(site: Path, sorties: dict[str, Path],
                         chapitres: list[str] | None = None,
                         garder_html: Path | None = None,
                         configuration: Path = CONFIGURATION) -> dict[str, dict[str, Any]]:
    """Plusieurs éditions (``{"keras": fichier, …}``) avec un seul Chromium.

    Chaque page du site n'est ouverte qu'une fois (formules rendues une fois) ;
    son article est transformé pour chaque édition qui la contient.
    """
    from playwright.sync_api import sync_playwright

    debut = time.perf_counter()
    site = Path(site).resolve()
    configuration = Path(configuration).resolve()
    listes = {nom: entrees(nom, chapitres, configuration) for nom in sorties}
    for nom, liste in listes.items():
        if not liste:
            raise ValueError(f"aucune page pour l'édition {nom} ({chapitres})")
    racine = site.as_uri().removeprefix("file://") + "/"
    articles = {e.html: _article(site, e.html) for liste in listes.values() for e in liste}
    resultats: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        navigateur = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                args=OPTIONS_CHROMIUM)
        contexte = navigateur.new_context(viewport={"width": 1000, "height": 800})
        onglet = contexte.new_page()
        for nom, sortie in sorties.items():
            document = _document(nom, listes[nom], articles, site, configuration)
            with tempfile.TemporaryDirectory(prefix="edition-") as dossier:
                source = Path(dossier) / "edition.html"
                source.write_text(document, encoding="utf-8")
                onglet.goto(source.as_uri(), wait_until="load")
                onglet.evaluate(_PRETE)
                onglet.evaluate(_TRANSFORMER, [
                    list(EDITIONS[nom]["onglets"]), list(ONGLETS_DE_FRAMEWORK),
                    {e.html: e.ident for e in listes[nom]}, racine])
                casses = onglet.evaluate(_LIENS_CASSES)
                if casses:
                    raise RuntimeError(f"{nom} : {len(casses)} liens internes sans cible, "
                                       f"dont {casses[:5]}")
                if garder_html:
                    Path(garder_html).write_text(onglet.content(), encoding="utf-8")
                _imprimer(onglet, Path(sortie))
                # Deuxième passage : les numéros de page dans la table des matières, lus
                # dans les destinations du premier PDF (la table garde sa longueur).
                # Si la table changeait de longueur, un passage de plus la corrige.
                numeros: dict[str, int] = {}
                for _ in range(2):
                    nouveaux = _numeros_de_page(Path(sortie))
                    if not nouveaux or nouveaux == numeros:
                        break
                    numeros = nouveaux
                    onglet.evaluate(_NUMEROTER, numeros)
                    _imprimer(onglet, Path(sortie))
            resultats[nom] = {"pages": len(listes[nom]), "octets": Path(sortie).stat().st_size}
        contexte.close()
        navigateur.close()
    for resultat in resultats.values():
        resultat["duree_s"] = round(time.perf_counter() - debut, 1)
    return resultats


_NUMEROTER = """numeros => {
    for (const s of document.querySelectorAll('.toc-page'))
        s.textContent = numeros[s.dataset.cible] || '';
}"""


def _numeros_de_page(pdf: Path) -> dict[str, int]:
    """Pour chaque identifiant de partie ou de chapitre, sa page dans le PDF (pypdf).

    Vide si pypdf manque (dépendance de développement) : la table garde ses liens.
    """
    try:
        import pypdf
    except ImportError:
        return {}
    lecteur = pypdf.PdfReader(pdf)
    numeros = {}
    for nom, destination in lecteur.named_destinations.items():
        nom = nom.lstrip("/")
        if "--" not in nom and nom.startswith(("p-", "partie-")):
            numeros[nom] = lecteur.get_destination_page_number(destination) + 1
    return numeros


_LIENS_CASSES = """() => {
    const ids = new Set(Array.from(document.querySelectorAll('[id]')).map(e => e.id));
    return Array.from(document.querySelectorAll('a[href^="#"]'))
        .map(a => a.getAttribute('href').slice(1)).filter(h => h && !ids.has(h));
}"""
"""Les liens internes du document dont la cible n'existe pas (l'édition n'en a aucun)."""


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_FEUILLE = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_IMAGE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')


def _article(site: Path, adresse: str) -> tuple[str, list[str]]:
    """L'article d'une page construite (sans ses scripts, images en adresse absolue),
    et les feuilles de style de la page (adresses absolues)."""
    fichier = site / adresse
    if not fichier.is_file():
        raise FileNotFoundError(f"{fichier} manque : le site est-il construit ?")
    texte = fichier.read_text(encoding="utf-8")
    trouve = _ARTICLE.search(texte)
    if not trouve:
        raise ValueError(f"{adresse} : pas d'article Material")
    base = fichier.as_uri()
    article = _SCRIPT.sub("", trouve.group(1))
    article = _IMAGE.sub(lambda m: m.group(1) + urljoin(base, html.unescape(m.group(2)))
                         .replace('"', "%22") + m.group(3), article)
    article = article.replace(' loading="lazy"', "")
    return article, [urljoin(base, f) for f in _FEUILLE.findall(texte[:trouve.start()])]


def _document(nom: str, liste: list[Entree], articles: dict, site: Path,
              configuration: Path) -> str:
    """Le document HTML d'une édition : page de titre, table, parties et chapitres.

    Les formules y sont rendues par le KaTeX du site et son ``javascripts/katex.js``.
    """
    corps: list[str] = []
    feuilles: list[str] = []
    partie_ouverte: str | None = None
    for entree in liste:
        article, siennes = articles[entree.html]
        feuilles += [f for f in siennes if f not in feuilles]
        if entree.partie != partie_ouverte:
            partie_ouverte = entree.partie
            if entree.partie and not entree.est_partie:
                ident = "partie-" + _ident(entree.partie)
                corps.append(f'<section class="edition-partie" id="{ident}">'
                             f'<h1 class="edition-titre">{html.escape(entree.partie)}</h1>'
                             f"</section>")
        classe = "edition-partie" if entree.est_partie else "edition-chapitre"
        corps.append(f'<section class="{classe}" id="{entree.ident}" '
                     f'data-page="{html.escape(entree.html)}">'
                     f'<h1 class="edition-titre">{html.escape(entree.titre)}</h1>'
                     f'<div class="edition-article">{article}</div></section>')
    liens = "".join(f'<link rel="stylesheet" href="{html.escape(f)}">' for f in feuilles)
    scripts = "".join(f'<script src="{(site / s).as_uri()}"></script>' for s in SCRIPTS_KATEX)
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{html.escape(EDITIONS[nom]['titre'])}</title>{liens}"
            f"<style>{STYLE_IMPRESSION}</style></head>"
            '<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" '
            'data-md-color-accent="indigo"><div class="md-typeset">'
            + _page_de_titre(nom, metadonnees(nom, configuration))
            + _table_des_matieres(liste) + "".join(corps) + "</div>" + scripts
            + "</body></html>")


SCRIPTS_KATEX = ("assets/katex/katex.min.js", "assets/katex/contrib/auto-render.min.js",
                 "javascripts/katex.js")
"""Les scripts du site qui rendent les formules (les mêmes que sur le site)."""


def _imprimer(onglet: Any, sortie: Path) -> None:
    """Chromium imprime le document ouvert en PDF (A4, numéros de page en pied)."""
    manquantes = onglet.evaluate(
        "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.getAttribute('src'))")
    if manquantes:
        raise RuntimeError(f"images non chargées : {manquantes[:5]}")
    sortie.parent.mkdir(parents=True, exist_ok=True)
    onglet.pdf(path=str(sortie), format="A4", print_background=True,
               display_header_footer=True, header_template="<span></span>",
               footer_template=('<div style="font-size:8px;width:100%;text-align:center;">'
                                '<span class="pageNumber"></span></div>'),
               margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})


BUDGET_S = 180.0
"""Les deux éditions en trois minutes au plus (issue #15)."""

BUDGET_OCTETS = 25_000_000
"""Chaque PDF pèse 25 Mo au plus."""

PARAGRAPHE_ACCUEIL = re.compile(r'<p id="editions-pdf" hidden(?:="")?>')
"""Le paragraphe de ``docs/index.md`` qui donne les liens des PDF, caché tant qu'ils manquent."""


def construire_les_deux(site: Path, configuration: Path = CONFIGURATION,
                        mesure: Path | None = None) -> dict[str, Any]:
    """Les deux éditions, en parallèle (deux processus, un par cœur), dans ``SITE/pdf/``.

    Puis montre sur la page d'accueil du site le paragraphe qui les lie
    (``<p id="editions-pdf" hidden>`` de ``docs/index.md`` : caché dans un
    site construit sans les PDF, pour qu'aucun lien n'y soit mort). Échoue
    au-delà des budgets (`BUDGET_S`, `BUDGET_OCTETS`) ; avec ``mesure``,
    écrit la mesure sous la clé ``editions_pdf`` de ce fichier JSON.
    """
    import subprocess

    debut = time.perf_counter()
    site = Path(site).resolve()
    processus = {}
    for nom, edition in EDITIONS.items():
        processus[nom] = subprocess.Popen(
            [sys.executable, "-m", "dlcourse.machinerie.edition_pdf", "--site", str(site),
             "--config", str(configuration), "--edition", nom,
             "--sortie", str(site / "pdf" / edition["fichier"])])
    echecs = [nom for nom, p in processus.items() if p.wait() != 0]
    if echecs:
        raise RuntimeError(f"éditions en échec : {echecs}")
    duree = round(time.perf_counter() - debut, 1)
    tailles = {nom: (site / "pdf" / e["fichier"]).stat().st_size for nom, e in EDITIONS.items()}
    accueil = site / "index.html"
    texte = accueil.read_text(encoding="utf-8")
    texte = PARAGRAPHE_ACCUEIL.sub('<p id="editions-pdf">', texte)
    accueil.write_text(texte, encoding="utf-8")
    resultat = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "duree_s": duree, "objectif_s": BUDGET_S,
        "tailles_mo": {nom: round(t / 1e6, 2) for nom, t in tailles.items()},
        "objectif_mo": BUDGET_OCTETS / 1e6,
        "coeurs": os.cpu_count(), "charge_1min_au_depart": round(os.getloadavg()[0], 2),
        "liens_sur_l_accueil": '<p id="editions-pdf">' in texte,
    }
    if mesure:
        fichier = Path(mesure)
        tout = json.loads(fichier.read_text(encoding="utf-8")) if fichier.is_file() else {}
        tout["editions_pdf"] = resultat
        fichier.write_text(json.dumps(tout, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    print(f"Les deux éditions : {duree} s (objectif {BUDGET_S:.0f} s), "
          + ", ".join(f"{nom} {t / 1e6:.1f} Mo" for nom, t in tailles.items()))
    trop = [nom for nom, t in tailles.items() if t > BUDGET_OCTETS]
    if duree > BUDGET_S or trop:
        raise RuntimeError(f"budget manqué : {duree} s, trop lourdes : {trop}")
    return resultat


def main(arguments: list[str] | None = None) -> int:
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("--site", type=Path, default=RACINE / "site",
                         help="le site déjà construit (mkdocs build)")
    analyse.add_argument("--edition", choices=sorted(EDITIONS))
    analyse.add_argument("--les-deux", action="store_true",
                         help="les deux éditions, en parallèle, dans SITE/pdf/ (make pdf)")
    analyse.add_argument("--mesure", type=Path,
                         help="avec --les-deux : le fichier JSON où écrire durée et tailles")
    analyse.add_argument("--sortie", type=Path, help="le fichier PDF (par défaut : SITE/pdf/…)")
    analyse.add_argument("--chapitres", nargs="*",
                         help="une petite édition : ces pages seulement (chemins de docs/)")
    analyse.add_argument("--config", type=Path, default=CONFIGURATION,
                         help="le mkdocs.yml du site (son menu donne l'ordre des pages)")
    analyse.add_argument("--html", type=Path, help="garder aussi le document HTML assemblé")
    options = analyse.parse_args(arguments)
    if options.les_deux:
        construire_les_deux(options.site, options.config, options.mesure)
        return 0
    if not options.edition:
        analyse.error("--edition ou --les-deux")
    sortie = options.sortie or options.site / "pdf" / EDITIONS[options.edition]["fichier"]
    mesure = construire(options.site, options.edition, sortie, options.chapitres, options.html,
                        options.config)
    print(f"{sortie} : {mesure['pages']} pages du site, {mesure['octets'] / 1e6:.1f} Mo, "
          f"{mesure['duree_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
