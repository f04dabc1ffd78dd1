"""Le livre lu dans un vrai navigateur (Chromium sans affichage, piloté par Playwright).

Chaque page du site construit est ouverte une fois (fixture ``visites``) ; on
vérifie ensuite, pour toutes les pages présentes : aucune erreur JavaScript,
aucune requête vers un autre site, des images chargées avec un texte
alternatif, des formules rendues par KaTeX, aucune violation d'accessibilité
grave ou critique (axe-core) et un poids de page (avec ses figures) sous
2 Mo. D'autres tests jouent le lecteur : onglets Keras/PyTorch liés et gardés
d'une page à l'autre, copie du code, liens
« précédent / suivant », carnets téléchargeables, lecture hors ligne depuis
``file://``.
"""

from __future__ import annotations

import functools
import gzip
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

POIDS_MAX = 2 * 1024 * 1024
"""Le budget d'une page : son HTML et tout ce qu'elle charge (figures comprises).

On compte ce qu'un lecteur télécharge d'un hébergeur ordinaire (GitHub Pages,
Netlify…) : les fichiers texte (HTML, CSS, JavaScript, JSON, SVG) compressés
par gzip, les autres (PNG, polices woff2, déjà compressés) tels quels.
"""

_TEXTES = {".html", ".css", ".js", ".json", ".svg", ".map", ".txt", ".ipynb"}


@functools.cache
def poids_transfere(fichier: Path) -> int:
    """La taille d'un fichier du site telle qu'un serveur la transmet (gzip pour le texte).

    Gardée : les pages partagent leurs scripts, styles et l'index de recherche."""
    donnees = fichier.read_bytes()
    return len(gzip.compress(donnees, 6)) if fichier.suffix in _TEXTES else len(donnees)

IMPACTS_INTERDITS = {"serious", "critical"}


def page_du_resultat(url: str, base: str) -> str:
    """``entrainement/mnist-mlp.html`` pour une adresse de résultat de recherche."""
    return unquote(urlsplit(url).path)[len(urlsplit(base).path):]


def _probleme(visites: dict, extraire) -> list[str]:
    return [f"{nom} : {p}" for nom, v in visites.items() for p in extraire(v)]


def test_le_site_a_des_pages(visites):
    assert "index.html" in visites and len(visites) >= 5


def test_aucune_erreur_javascript(visites):
    problemes = _probleme(visites, lambda v: v.erreurs)
    assert not problemes, "erreurs dans la console :\n" + "\n".join(problemes)


def test_aucune_requete_hors_du_site(visites, serveur):
    problemes = _probleme(visites, lambda v: [u for u in v.requetes if not u.startswith(
        (serveur, "data:", "blob:", "about:"))])
    assert not problemes, "requêtes hors du site :\n" + "\n".join(problemes)


def test_une_requete_vers_l_exterieur_est_notee_et_ne_sort_pas(navigateur, bloqueur, serveur):
    """Une requête vers un autre hôte est notée, et Chromium ne la fait pas (`OPTIONS_CHROMIUM`)."""
    contexte = navigateur.new_context()
    notees = bloqueur(contexte, lambda url: url.startswith(serveur))
    page = contexte.new_page()
    echecs: list[str] = []
    page.on("requestfailed", lambda r: echecs.append(f"{r.url} {r.failure}"))
    page.goto(serveur + "index.html")
    page.evaluate("() => fetch('https://exemple.org/script.js').catch(() => null)")
    contexte.close()
    assert notees == ["https://exemple.org/script.js"]
    assert echecs == ["https://exemple.org/script.js net::ERR_NAME_NOT_RESOLVED"]


def test_aucune_ressource_manquante(visites):
    problemes = _probleme(visites, lambda v: v.echecs)
    assert not problemes, "ressources en échec :\n" + "\n".join(problemes)


def test_images_chargees_et_decrites(visites):
    """Chaque image se charge et a un texte alternatif qui la décrit (pas un nom de fichier)."""
    def defauts(v) -> list[str]:
        resultat = []
        for image in v.images:
            alt = (image["alt"] or "").strip()
            if not image["chargee"]:
                resultat.append(f"{image['src']} ne se charge pas")
            if len(alt) < 15 or re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.IGNORECASE):
                resultat.append(f"{image['src']} : texte alternatif absent ou pauvre ({alt!r})")
        return resultat

    problemes = _probleme(visites, defauts)
    assert not problemes, "images :\n" + "\n".join(problemes)


def test_formules_rendues_par_katex(visites):
    avec = {n: v.formules for n, v in visites.items() if v.formules["total"]}
    assert avec, "aucune page n'a de formule"
    problemes = [f"{n} : non rendues {f['non_rendues']}, erreurs KaTeX {f['erreurs']}"
                 for n, f in avec.items() if f["non_rendues"] or f["erreurs"]]
    assert not problemes, "formules :\n" + "\n".join(problemes)


def test_accessibilite_axe(visites):
    """axe-core ne trouve aucune violation grave ou critique, sur aucune page."""
    problemes = _probleme(visites, lambda v: [
        f"[{x['impact']}] {x['id']} : {x['aide']} ({', '.join(x['cibles'])})"
        for x in v.violations if x["impact"] in IMPACTS_INTERDITS])
    assert not problemes, "accessibilité :\n" + "\n".join(problemes)


def test_poids_des_pages(visites, site_construit, serveur):
    """Une page et tout ce qu'elle charge (scripts, styles, polices, figures) : 2 Mo au plus.

    Voir `POIDS_MAX` : les fichiers texte comptent compressés, comme sur le réseau.
    """
    def fichiers(visite) -> set[Path]:
        return {site_construit / unquote(urlsplit(u).path).lstrip("/")
                for u in visite.requetes if u.startswith(serveur)}

    # Le moteur de recherche, que chaque page charge : la visite ne le démarre que
    # sur quelques pages (`visites`), dont la page d'accueil ; ses fichiers (script,
    # langues de lunr) comptent pour toutes. L'index aussi : la visite n'attend pas
    # qu'il soit arrivé.
    moteur = {f for f in fichiers(visites["index.html"])
              if f.parent.name == "workers" or "lunr" in f.parts}
    assert any(f.parent.name == "workers" for f in moteur), "la recherche n'a pas démarré"
    moteur.add(site_construit / "search" / "search_index.json")
    trop = []
    for nom, visite in visites.items():
        poids = sum(poids_transfere(f) for f in fichiers(visite) | moteur if f.is_file())
        if poids > POIDS_MAX:
            trop.append(f"{nom} : {poids / 1e6:.2f} Mo")
    assert not trop, "pages trop lourdes :\n" + "\n".join(trop)


HTML_MAX = {"tp/": 1_000_000, "reference/dlcourse.html": 500_000}
"""Le HTML seul (non compressé) des pages de carnets et de la référence (issue #16) :
les styles de Jupyter sont servis une fois (`hook_carnets_tp.styles_en_fichiers`),
la référence ne recopie pas le code source des aides."""


def test_poids_du_html_des_carnets_et_de_la_reference(site_construit, pages):
    trop, vues = [], 0
    for nom in pages:
        for prefixe, maximum in HTML_MAX.items():
            if nom.startswith(prefixe) and nom != "tp/index.html":
                vues += 1
                taille = (site_construit / nom).stat().st_size
                if taille > maximum:
                    trop.append(f"{nom} : {taille / 1e3:.0f} Ko (au plus {maximum / 1e3:.0f} Ko)")
    assert vues >= 2, "ni carnet ni référence dans le site ?"
    assert not trop, "HTML trop lourd :\n" + "\n".join(trop)


def test_numerotation_des_tp_dans_le_menu(site_construit):
    """Le menu garde la numérotation des travaux pratiques (« TP 1.1 … »), celle de mkdocs.yml."""
    menu = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (site_construit / "index.html")
                                       .read_text(encoding="utf-8")))
    assert re.search(r"TP 1\.1 ", menu), "le menu ne numérote pas les TP"


def test_page_404_sans_chemin_absolu(site_construit, navigateur):
    """La page 404 charge ses styles et scripts par des chemins relatifs : servie d'un
    sous-dossier ou ouverte depuis file://, elle garde son thème."""
    html = (site_construit / "404.html").read_text(encoding="utf-8")
    absolus = re.findall(r'(?:href|src)="/(?!/)[^"]*"', html)
    assert not absolus, f"chemins absolus dans 404.html : {absolus[:5]}"
    contexte = navigateur.new_context()
    page = contexte.new_page()
    echecs: list[str] = []
    page.on("requestfailed", lambda r: echecs.append(r.url))
    page.goto(site_construit.resolve().as_uri() + "/404.html")
    feuilles = page.evaluate("() => document.styleSheets.length")
    contexte.close()
    assert not echecs, f"ressources manquantes : {echecs}"
    assert feuilles >= 3


# --- Le lecteur ----------------------------------------------------------------


def _pages_a_onglets(site: Path, pages: list[str]) -> list[str]:
    return [n for n in pages
            if re.search(r'class="tabbed-labels".*?>PyTorch</label>',
                         (site / n).read_text(encoding="utf-8"), re.DOTALL)]


# Les onglets visibles : Material ne synchronise pas ceux d'un encadré replié
# (une solution « ??? success » fermée).
_ONGLETS_CHOISIS = """nom => Array.from(document.querySelectorAll('.tabbed-set'))
    .filter(set => !set.closest('details:not([open])'))
    .map(set => Array.from(set.querySelectorAll(':scope > .tabbed-labels > label'))
        .map(l => [l.textContent.trim(), document.getElementById(l.htmlFor).checked]))
    .filter(labels => labels.some(([texte]) => texte === nom))
    .map(labels => labels.find(([texte]) => texte === nom)[1])"""


def test_onglets_lies_et_gardes_d_une_page_a_l_autre(site_construit, pages, serveur,
                                                    navigateur):
    """Choisir PyTorch une fois bascule tous les onglets de la page, et des pages suivantes."""
    pages = _pages_a_onglets(site_construit, pages)
    assert pages, "aucune page n'a d'onglets Keras/PyTorch"
    # D'abord une page dont une solution repliée contient des onglets, s'il y en a.
    replies = re.compile(r"<details[^>]*>(?:(?!</details>).)*tabbed-set", re.DOTALL)
    pages.sort(key=lambda n: not replies.search((site_construit / n).read_text("utf-8")))
    contexte = navigateur.new_context()
    page = contexte.new_page()
    page.goto(serveur + pages[0])
    assert not all(page.evaluate(_ONGLETS_CHOISIS, "PyTorch")), "PyTorch choisi d'avance ?"
    page.locator(".tabbed-labels > label", has_text="PyTorch").first.click()
    choisis = page.evaluate(_ONGLETS_CHOISIS, "PyTorch")
    assert choisis and all(choisis), f"onglets non liés dans {pages[0]} : {choisis}"
    # Une solution repliée, ouverte ensuite, montre aussi l'onglet choisi
    # (javascripts/onglets.js).
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    tous = page.evaluate(_ONGLETS_CHOISIS, "PyTorch")
    assert len(tous) >= 2 and all(tous), (
        f"onglets d'un encadré ouvert non basculés dans {pages[0]} : {tous}")
    suivante = pages[1] if len(pages) > 1 else pages[0]
    page.goto(serveur + suivante)
    choisis = page.evaluate(_ONGLETS_CHOISIS, "PyTorch")
    assert choisis and all(choisis), f"le choix PyTorch n'est pas gardé dans {suivante}"
    contexte.close()


def test_copie_du_code(site_construit, pages, serveur, navigateur):
    """Le bouton de copie met dans le presse-papiers le code du bloc, tel quel."""
    nom = next(n for n in pages
               if re.search(r'<pre[^>]*><span></span><code>',
                            (site_construit / n).read_text(encoding="utf-8")))
    contexte = navigateur.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = contexte.new_page()
    page.goto(serveur + nom)
    bouton = page.locator(".md-content button.md-code__button[data-md-type=copy]").first
    cible = bouton.get_attribute("data-clipboard-target")
    bouton.locator("xpath=../..").hover()
    bouton.click()
    copie = page.evaluate("() => navigator.clipboard.readText()")
    attendu = page.locator(cible).inner_text()
    contexte.close()
    assert copie.strip() and copie.strip() == attendu.strip()


def _lien(site: Path, nom: str, classe: str) -> str | None:
    """La cible (relative au site) du lien de pied de page ``classe`` d'une page, ou None."""
    html = (site / nom).read_text(encoding="utf-8")
    m = re.search(rf'<a href="([^"]+)" class="md-footer__link {classe}"', html)
    if not m:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(nom), unquote(m[1])))


def test_precedente_suivante_suivent_le_menu(site_construit, serveur, navigateur):
    """De l'accueil, les liens « Suivant » parcourent tout le menu dans l'ordre, et retour."""
    contexte = navigateur.new_context()
    page = contexte.new_page()
    page.goto(serveur + "index.html")
    menu = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all(
        "liens => liens.map(a => a.href.split('#')[0])")
    menu = list(dict.fromkeys(page_du_resultat(u, serveur) for u in menu))
    parcours = ["index.html"]
    while suivant := _lien(site_construit, parcours[-1], "md-footer__link--next"):
        parcours.append(suivant)
        assert len(parcours) <= len(menu) + 1, f"boucle dans les liens suivants : {parcours}"
    assert parcours == menu, "l'ordre des liens « Suivant » diffère du menu"
    for avant, apres in zip(parcours, parcours[1:], strict=False):
        assert _lien(site_construit, apres, "md-footer__link--prev") == avant
    # Dans le navigateur : un clic sur « Suivant », puis sur « Précédent ».
    page.locator("a.md-footer__link--next").click()
    page.wait_for_load_state("load")
    assert page_du_resultat(page.url, serveur) == parcours[1]
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_load_state("load")
    assert page_du_resultat(page.url, serveur) == "index.html"
    contexte.close()


def test_carnets_telechargeables(site_construit, pages, serveur, navigateur):
    """Les pages qui ont du code proposent leurs carnets, et chaque lien donne un carnet valide."""
    avec = [n for n in pages
            if "dlcourse-carnet" in (site_construit / n).read_text(encoding="utf-8")]
    assert avec, "aucune page ne propose de carnet"
    contexte = navigateur.new_context(accept_downloads=True)
    page = contexte.new_page()
    page.goto(serveur + avec[0])
    liens = page.locator("a.dlcourse-carnet")
    assert liens.count() >= 1
    with page.expect_download() as telechargement:
        liens.first.click()
    carnet = json.loads(Path(telechargement.value.path()).read_text(encoding="utf-8"))
    assert telechargement.value.suggested_filename.endswith(".ipynb")
    assert carnet["nbformat"] == 4 and any(c["cell_type"] == "code" for c in carnet["cells"])
    for nom in avec:
        html = (site_construit / nom).read_text(encoding="utf-8")
        for href in re.findall(r'<a class="md-button dlcourse-carnet"[^>]* href="([^"]+)"', html):
            cible = (site_construit / nom).parent / unquote(href)
            assert cible.is_file(), f"{nom} : {href} manque"
            assert json.loads(cible.read_text(encoding="utf-8"))["nbformat"] == 4
    contexte.close()


def test_hors_ligne_depuis_file(site_construit, pages, navigateur, bloqueur):
    """Ouvert depuis file://, sans réseau : pages et formules marchent (la recherche :
    test_recherche.py, qui tape toutes ses requêtes aussi depuis file://)."""
    contexte = navigateur.new_context()
    refusees = bloqueur(contexte, lambda url: url.startswith(("file:", "data:",
                                                                          "blob:", "about:")))
    contexte.set_offline(True)
    page = contexte.new_page()
    erreurs: list[str] = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    racine = site_construit.resolve().as_uri() + "/"
    page.goto(racine + "index.html")
    avec_formules = next(n for n in pages
                         if 'class="arithmatex"' in (site_construit / n).read_text("utf-8"))
    page.goto(racine + avec_formules)
    page.wait_for_load_state("load")
    assert page.locator(".arithmatex .katex").count() > 0, "KaTeX ne rend rien hors ligne"
    assert page.locator("img").evaluate_all("l => l.every(i => i.complete)")
    # Les boutons des carnets : une note, sur sa propre ligne sous les boutons, dit
    # comment enregistrer un carnet (ouvert depuis file://, Chromium l'affiche).
    avec_carnets = next(n for n in pages
                        if "dlcourse-carnet" in (site_construit / n).read_text("utf-8"))
    page.goto(racine + avec_carnets)
    page.wait_for_load_state("load")
    bas_des_boutons = max(b["y"] + b["height"] for b in page.locator(
        "a.dlcourse-carnet").evaluate_all("l => l.map(e => e.getBoundingClientRect().toJSON())"))
    note = page.locator(".dlcourse-carnet-note").first.bounding_box()
    assert note is not None and note["y"] >= bas_des_boutons - 1, (
        f"{avec_carnets} : la note de téléchargement n'est pas sous les boutons")
    texte = page.locator(".dlcourse-carnet-note").first.text_content()
    assert not re.search(r" [:;!?»]|« ", texte), f"espace ordinaire dans la note : {texte!r}"
    contexte.close()
    assert not refusees, f"requêtes vers l'extérieur : {refusees}"
    assert not erreurs, f"erreurs hors ligne : {erreurs}"
