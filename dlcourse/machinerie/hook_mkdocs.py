"""Le crochet MkDocs du livre : résultats, figures et carnets Jupyter.

Déclaré dans ``mkdocs.yml`` (``hooks:``).

- Sous chaque bloc Python qui écrit quelque chose, montre la sortie de la
  dernière exécution complète (`dlcourse.machinerie.sorties`).
- Pour chaque page qui déclare une exécution dans son en-tête, remplace les
  marques de `dlcourse.machinerie.resultats` par les valeurs de ``resultats.json``.
- Pour chaque page qui contient du code Python, publie avec le site un
  carnet Jupyter par chemin de lecture (`dlcourse.machinerie.carnets` : un carnet Keras
  et un carnet PyTorch, ou un seul pour une page sans onglets), dans
  ``carnets/``, et place sous le titre de la page les liens pour les
  télécharger. Leurs liens relatifs, comme ceux des carnets de ``tp/``, sont
  suivis hors du site : un carnet téléchargé ne cite pas ``../page.md``.
- Dans la page d'entrée d'une partie, remplace ``{{ chapitres }}`` par la
  liste de ses chapitres (menu de ``mkdocs.yml`` et en-têtes des pages).
- Applique la typographie française au HTML de chaque page et carnet
  (`dlcourse.machinerie.typographie` : espaces insécables avant « ; : ! ? »,
  dans les guillemets et entre les milliers), hors code et formules.
- Donne un nom accessible à la boîte de recherche du thème (un dialogue ARIA
  sans nom est une violation grave pour axe-core).
- À la fin de la construction, ajoute à l'index de recherche la forme sans
  accents des mots accentués (`dlcourse.machinerie.recherche`) : « epoque » trouve
  « époque ».
"""

from __future__ import annotations

import base64
import math
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from dlcourse.machinerie import carnets, durees, recherche, typographie
from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, blocs, get_data, pages_du_menu
from dlcourse.machinerie.resultats import remplacer
from dlcourse.machinerie.sorties import en_markdown

_CARNETS: dict[str, list[tuple[str | None, str]]] = {}
"""Pour chaque page (``src_uri``), ses carnets : ``(onglet, adresse dans le site)``."""

_TITRE = re.compile(r"^# .*$", re.MULTILINE)


_PAGES: dict[str, carnets.PageDuSite] = {}
"""Les pages du site, par source et par adresse, pour les liens des carnets téléchargés."""


def _titres_du_menu(menu: Any, titres: dict[str, str]) -> dict[str, str]:
    """``{source: titre}`` des entrées nommées du menu de ``mkdocs.yml``."""
    for entree in menu or []:
        if isinstance(entree, dict):
            for titre, valeur in entree.items():
                if isinstance(valeur, str):
                    titres[valeur] = str(titre)
                else:
                    _titres_du_menu(valeur, titres)
    return titres


def pages_du_site(files: Files, config: Any) -> dict[str, carnets.PageDuSite]:
    """Les pages du site (`dlcourse.machinerie.carnets.PageDuSite`), par source et par adresse.

    Le titre est celui du menu (« 6.1 Concepts d'entraînement »), sinon celui de la page.
    """
    titres = _titres_du_menu(config.get("nav"), {})
    pages: dict[str, carnets.PageDuSite] = {}
    for fichier in files.documentation_pages():
        titre, sections = titres.get(fichier.src_uri), {}
        if fichier.src_uri.endswith(".md") and fichier.abs_src_path:
            texte, entete = carnets.lire_page(fichier.abs_src_path)
            titre = titre or carnets.titre_de_la_page(texte, entete, Path(fichier.abs_src_path))
            sections = carnets.sections(texte)
        page = carnets.PageDuSite(fichier.url, titre or Path(fichier.src_uri).stem, sections)
        pages[fichier.src_uri] = pages[fichier.url] = page
    return pages


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Ajoute au site les carnets de chaque page qui a du code Python.

    Dans leurs cellules Markdown, les liens relatifs sont suivis hors du site
    (`dlcourse.machinerie.carnets.liens_absolus`) : adresses absolues si
    ``site_url`` est configuré, sinon titre de la page en clair.
    """
    _CARNETS.clear()
    _PAGES.clear()
    _PAGES.update(pages_du_site(files, config))
    site_url = config.get("site_url")
    for fichier in list(files.documentation_pages()):
        if not fichier.src_uri.endswith(".md") or fichier.abs_src_path is None:
            continue
        source = Path(fichier.abs_src_path)
        try:
            for onglet in carnets.chemins(source):
                adresse = carnets.nom_du_carnet(fichier.src_uri, onglet)
                carnet = carnets.carnet_hors_du_site(carnets.carnet(source, onglet),
                                                     fichier.src_uri, _PAGES, site_url)
                contenu = carnets.ecrire(carnet)
                files.append(File.generated(config, adresse, content=contenu))
                _CARNETS.setdefault(fichier.src_uri, []).append((onglet, adresse))
        except Exception as erreur:  # une inclusion absente, un en-tête mal formé…
            raise PluginError(f"{fichier.src_uri} : carnet impossible à générer "
                              f"({type(erreur).__name__} : {erreur})") from erreur
    return files


def liens_des_carnets(src_uri: str) -> str:
    """Le paragraphe Markdown des liens de téléchargement des carnets d'une page.

    Parameters
    ----------
    src_uri : str
        La page, relative à ``docs/``.

    Returns
    -------
    str
        Vide si la page n'a pas de carnet.
    """
    liens = []
    for onglet, adresse in _CARNETS.get(src_uri, []):
        relative = posixpath.relpath(adresse, posixpath.dirname(src_uri) or ".")
        nom = f"Carnet {onglet}" if onglet else "Carnet Jupyter"
        titre = (f"Télécharger le carnet Jupyter de cette page (chemin {onglet})" if onglet
                 else "Télécharger cette page comme carnet Jupyter")
        liens.append(f'[:material-download: {nom}]({relative}){{ .md-button .dlcourse-carnet '
                     f'download="{posixpath.basename(adresse)}" title="{titre}" }}')
    if not liens:
        return ""
    return "Exécuter cette page chez vous : " + " ".join(liens)


def _ajouter_liens(markdown: str, src_uri: str) -> str:
    paragraphe = liens_des_carnets(src_uri)
    if not paragraphe:
        return markdown
    # La durée de l'exécution complète de chaque onglet, et l'appareil (pages qui entraînent).
    ligne = durees.ligne_des_durees(lire_resultats(DOSSIER_DOCS / src_uri))
    if ligne:
        paragraphe = f"{paragraphe}\n\n{ligne}"
    if m := _TITRE.search(markdown):
        return f"{markdown[:m.end()]}\n\n{paragraphe}\n{markdown[m.end():]}"
    return f"{paragraphe}\n\n{markdown}"


def sorties_de_la_page(source: Path) -> dict[int, str]:
    """Les sorties enregistrées d'une page : ``{rang du bloc Python: texte}``.

    Un bloc hors onglets s'exécute dans chaque chemin : sa sortie est celle du
    premier chemin enregistré qui en a une.
    """
    sorties: dict[int, str] = {}
    for rapport in lire_resultats(source).values():
        for rang, texte in (rapport.get("sorties") or {}).items():
            sorties.setdefault(int(rang), texte)
    return sorties


def ajouter_sorties(markdown: str, sorties: dict[int, str]) -> str:
    """Place sous chaque bloc Python la sortie de la dernière exécution complète.

    Les blocs sont comptés dans le Markdown de la page (une ligne ``--8<--``
    reste dans son bloc), dans l'ordre où l'exécution les a numérotés. Les
    blocs doctest (``>>>``) montrent déjà leur sortie : ils n'en reçoivent pas.
    """
    if not sorties:
        return markdown
    lignes = markdown.split("\n")
    python = [b for b in blocs(markdown) if b.langage in ("python", "py")]
    for rang, bloc in reversed(list(enumerate(python))):
        texte = sorties.get(rang)
        if not texte or bloc.code.lstrip().startswith(">>>"):
            continue
        ouverture = lignes[bloc.ligne - 1]
        retrait = ouverture[:len(ouverture) - len(ouverture.lstrip(" "))]
        lignes[bloc.fin:bloc.fin] = en_markdown(texte, retrait).split("\n")
    return "\n".join(lignes)


MARQUE_CHAPITRES = re.compile(r"^\{\{\s*chapitres\s*\}\}\s*$", re.MULTILINE)
"""La marque d'une page d'entrée de partie, remplacée par la liste de ses chapitres."""


def liste_des_chapitres(src_uri: str) -> str:
    """La liste Markdown des chapitres d'une partie, lue dans le menu et leurs en-têtes.

    Chaque chapitre du dossier de la page d'entrée (``src_uri``), dans l'ordre
    du menu de ``mkdocs.yml``, avec le ``title`` et la ``description`` de son
    en-tête YAML : ajouter un chapitre au menu suffit à l'ajouter à la liste.

    Raises
    ------
    ValueError
        Si un chapitre n'a pas de ``title`` ou de ``description`` (le message le nomme).
    """
    dossier = (DOSSIER_DOCS / src_uri).parent
    lignes = []
    for numero, chapitre in enumerate(
            (p for p in pages_du_menu() if p.parent == dossier and p.name != "index.md"
             and p.suffix == ".md"), start=1):
        entete = get_data(chapitre.read_text(encoding="utf-8"))[1]
        manquants = [cle for cle in ("title", "description") if not entete.get(cle)]
        if manquants:
            raise ValueError(f"{chapitre.relative_to(DOSSIER_DOCS)} : l'en-tête n'a pas de "
                             f"{' ni de '.join(manquants)} (la page d'entrée de la partie "
                             "les cite).")
        description = str(entete["description"]).rstrip(".")
        if len(description) > 1 and description[1].islower():
            description = description[0].lower() + description[1:]
        lignes.append(f"{numero}. [{entete['title']}]({chapitre.name}) : {description}.")
    return "\n".join(lignes)


MARQUE_DUREE = re.compile(r"\{\{\s*chemin_le_plus_long\s*\}\}")
"""La marque de la page d'accueil : la durée du chemin de lecture le plus long du livre."""


def _chemin_le_plus_long(config: Any) -> str:
    titres = {}
    for page in pages_du_menu():
        if page.suffix != ".md":
            continue
        _, entete = get_data(page.read_text(encoding="utf-8"))
        if entete.get("title"):
            titres[page.relative_to(DOSSIER_DOCS).as_posix()] = str(entete["title"])
    return durees.la_plus_longue(DOSSIER_DOCS, titres)


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    """Ajoute les liens des carnets et les sorties, puis remplace les marques de résultats."""
    markdown = _ajouter_liens(markdown, getattr(page.file, "src_uri", ""))
    if MARQUE_DUREE.search(markdown):
        try:
            markdown = MARQUE_DUREE.sub(lambda _: _chemin_le_plus_long(config), markdown)
        except ValueError as erreur:
            raise PluginError(f"{page.file.src_uri} : {erreur}") from erreur
    if MARQUE_CHAPITRES.search(markdown):
        try:
            markdown = MARQUE_CHAPITRES.sub(lambda _: liste_des_chapitres(page.file.src_uri),
                                            markdown)
        except ValueError as erreur:
            raise PluginError(str(erreur)) from erreur
    if page.file.abs_src_path and page.file.src_uri.endswith(".md"):
        markdown = ajouter_sorties(markdown, sorties_de_la_page(Path(page.file.abs_src_path)))
    if "{{" not in markdown or not page.meta.get("execution"):
        return markdown  # seules les pages qui déclarent une exécution ont des marques
    source = Path(page.file.abs_src_path)
    alts = {str(f["fichier"]): str(f["alt"])
            for spec in (page.meta.get("execution") or {}).values()
            for f in (spec or {}).get("figures", [])}
    try:
        return remplacer(markdown, lire_resultats(source), source.stem, alts)
    except (KeyError, ValueError) as erreur:
        raise PluginError(f"{page.file.src_path} : {erreur.args[0]}") from erreur


def _typographier_la_table(entrees: Any) -> None:
    for entree in entrees:
        entree.title = typographie.html(entree.title)
        _typographier_la_table(entree.children)


TEXTE_DES_FIGURES_PX = 10 / 72 * 100
"""La hauteur, dans le PNG, du plus petit texte des figures : 10 points à 100 ppp (13,9 px)."""
TEXTE_LISIBLE_PX = 10.1
"""La hauteur affichée qu'un texte de figure garde sur téléphone (issue #16 : 10 px au moins)."""

_IMAGE_PNG = re.compile(r'<img\b[^>]*?\bsrc="(?P<src>[^"]+)"[^>]*>')


def largeur_png(debut: bytes) -> int | None:
    """La largeur d'une image PNG, lue dans son en-tête (``None`` si ce n'en est pas une)."""
    if len(debut) < 24 or debut[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(debut[16:20], "big")


def _debut_de_l_image(src: str, dossier: Path) -> bytes:
    if src.startswith("data:image/png;base64,"):
        return base64.b64decode(src[len("data:image/png;base64,"):][:32] + "==", validate=False)
    if ":" in src or not src.lower().endswith(".png"):
        return b""
    chemin = dossier / posixpath.normpath(unquote(src))
    if not chemin.is_file():
        return b""
    with chemin.open("rb") as fichier:
        return fichier.read(24)


def figures_lisibles_sur_telephone(html: str, dossier: Path) -> str:
    """Sur téléphone, une figure n'est pas réduite au point que son texte devienne illisible.

    Une figure de 640 px, réduite à la colonne d'un téléphone (358 px à 390 px
    de large), montre son texte de 10 points à 7,8 px. Chaque image PNG est donc
    enveloppée dans ``<span class="figure-lisible">``, qui porte deux
    largeurs : la naturelle et celle où son texte mesure `TEXTE_LISIBLE_PX`.
    Sur un écran étroit (``stylesheets/extra.css``), l'image prend la colonne
    sans descendre sous cette largeur, ni dépasser la naturelle ; si elle est
    plus large que la colonne, l'enveloppe défile horizontalement (et reçoit
    le focus du clavier, ``javascripts/accessibilite.js``).

    Parameters
    ----------
    html : str
        Le contenu d'une page ou d'un carnet rendu.
    dossier : Path
        Le dossier de ``docs/`` auquel les adresses relatives des images se
        rapportent (celui de la page construite).
    """
    def envelopper(m: re.Match[str]) -> str:
        largeur = largeur_png(_debut_de_l_image(m["src"], dossier))
        if largeur is None:
            return m[0]
        lisible = math.ceil(largeur * TEXTE_LISIBLE_PX / TEXTE_DES_FIGURES_PX)
        return (f'<span class="figure-lisible" style="--naturelle: {largeur}px; '
                f'--lisible: {lisible}px">{m[0]}</span>')

    return _IMAGE_PNG.sub(envelopper, html)


def on_page_content(html: str, page: Any, config: Any = None, **_: Any) -> str:
    """Applique la typographie française à chaque page ; ses figures restent lisibles sur téléphone.

    Le contenu, la table des matières et le titre de la page (que le menu,
    l'onglet du navigateur et les liens précédent/suivant de toutes les pages
    reprennent : MkDocs lit toutes les pages avant d'en écrire une). Dans un
    carnet (``.ipynb``), les formules ``$…$`` restent dans le texte du HTML :
    elles sont protégées.
    """
    carnet = getattr(page.file, "src_uri", "").endswith(".ipynb")
    if page.title:
        page.title = typographie.texte(page.title)
    if isinstance(page.meta.get("title"), str):  # le thème le préfère à page.title
        page.meta["title"] = typographie.texte(page.meta["title"])
    _typographier_la_table(page.toc or [])
    if config is not None:
        dossier = Path(config["docs_dir"]) / posixpath.dirname(page.file.dest_uri)
        html = figures_lisibles_sur_telephone(html, dossier)
    return typographie.html(html, formules_en_dollars=carnet)


_DIALOGUE_RECHERCHE = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, **_: Any) -> str:
    """Nomme le dialogue de recherche du thème (``aria-label``)."""
    return output.replace(_DIALOGUE_RECHERCHE, _DIALOGUE_RECHERCHE[:-1]
                          + ' aria-label="Rechercher dans le livre">')


def carnets_pages_hors_du_site(site_dir: str | Path, pages: dict[str, carnets.PageDuSite],
                               site_url: str | None) -> list[Path]:
    """Suit hors du site les liens des carnets rendus en pages (``tp/*.ipynb``).

    mkdocs-jupyter (``include_source: true``) copie chaque carnet à côté de sa
    page : la page garde ses liens relatifs (lus dans le site, y compris depuis
    ``file://``), la copie offerte au téléchargement reçoit des liens qui
    marchent hors du site (`dlcourse.machinerie.carnets.carnet_hors_du_site`).

    Returns
    -------
    list[Path]
        Les copies réécrites.
    """
    import nbformat

    reecrites = []
    for source in sorted({s for s in pages if s.endswith(".ipynb")}):
        copie = Path(site_dir) / source
        if not copie.is_file():
            continue
        carnet = nbformat.reads(copie.read_text(encoding="utf-8"), as_version=4)
        copie.write_text(carnets.ecrire(carnets.carnet_hors_du_site(carnet, source, pages,
                                                                    site_url)),
                         encoding="utf-8")
        reecrites.append(copie)
    return reecrites


def on_post_build(config: Any, **_: Any) -> None:
    """Suit hors du site les liens des carnets de ``tp/`` (copiés par mkdocs-jupyter
    pendant la construction) et rend la recherche insensible aux accents (après le
    greffon ``offline``)."""
    carnets_pages_hors_du_site(config["site_dir"], _PAGES, config.get("site_url"))
    recherche.enrichir_index(config["site_dir"])
