"""Le crochet MkDocs des travaux pratiques (solutions, résultats) et du confort de lecture.

Déclaré dans ``mkdocs.yml`` (``hooks:``), à côté de `dlcourse.machinerie.hook_mkdocs`.
Pour toutes les pages :

- les blocs de code, les formules et les ancres « ¶ » des carnets portent
  ``data-search-exclude`` : la recherche de Material ne les indexe pas, et ses
  aperçus montrent la prose, pas du code ni du LaTeX brut (`exclure_de_la_recherche`) ;
- la page 404 charge ses styles et scripts par des chemins relatifs
  (`chemins_relatifs`), pas ``/assets/…`` : elle marche aussi quand le site
  est servi depuis un sous-dossier ou ouvert depuis ``file://``.

Pour les pages du dossier ``docs/tp/`` :

- dans une page de carnet (``tp/*.ipynb``, rendue par mkdocs-jupyter), un
  bouton télécharge le carnet ; les feuilles de style de Jupyter, 600 Ko
  recopiés dans chaque page, deviennent des fichiers du site chargés une fois
  (`styles_en_fichiers`) ; les images reçoivent un texte alternatif tiré du
  titre de leur section (`decrire_les_images`) ; les cellules étiquetées ``solution``
  (`dlcourse.machinerie.carnets_tp.ETIQUETTE_SOLUTION`) sont placées dans un encadré
  repliable ``<details class="success">`` : du HTML statique, sans JavaScript ni ressource externe ;
- dans une page Markdown (``tp/index.md``), les marques
  ``{{ resultat carnet.nom format }}`` sont remplacées par les résultats
  enregistrés dans les métadonnées des carnets exécutés
  (`dlcourse.machinerie.carnets_tp.executions`).
"""

from __future__ import annotations

import hashlib
import html as html_module
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from dlcourse.machinerie.carnets_tp import DOSSIER_CARNETS, ETIQUETTE_SOLUTION, executions
from dlcourse.machinerie.resultats import remplacer
from dlcourse.machinerie.sorties import est_un_tableau

DOSSIER_SITE = "tp/"
"""Le dossier des pages concernées, relatif à ``docs/``."""

_OUVERTURE = re.compile(
    r'<div\b[^>]*\bclass="[^"]*\bcelltag_' + re.escape(ETIQUETTE_SOLUTION) + r'\b[^"]*"[^>]*>')
_DIV = re.compile(r"<div\b|</div\s*>")


def _fin_du_bloc(html: str, debut: int) -> int:
    """La position qui suit le ``</div>`` fermant le ``<div`` ouvert à ``debut``."""
    profondeur = 0
    for balise in _DIV.finditer(html, debut):
        profondeur += 1 if balise.group().startswith("<div") else -1
        if profondeur == 0:
            return balise.end()
    raise ValueError(f"HTML mal formé : le <div> ouvert à la position {debut} n'est pas fermé.")


def replier_solutions(html: str, titre: str = "Solution") -> str:
    """Place chaque cellule de solution d'un carnet rendu dans un ``<details>`` replié.

    Parameters
    ----------
    html : str
        Le HTML d'un carnet rendu par mkdocs-jupyter (nbconvert), où une
        cellule étiquetée ``solution`` porte la classe ``celltag_solution``.
    titre : str
        Le texte du résumé de l'encadré.

    Returns
    -------
    str
        Le même HTML ; des cellules de solution consécutives partagent un
        seul encadré.

    Raises
    ------
    ValueError
        Si une cellule de solution n'est pas fermée.
    """
    blocs: list[tuple[int, int]] = []
    position = 0
    while (ouverture := _OUVERTURE.search(html, position)) is not None:
        fin = _fin_du_bloc(html, ouverture.start())
        if blocs and not html[blocs[-1][1]:ouverture.start()].strip():
            blocs[-1] = (blocs[-1][0], fin)  # cellule voisine : même encadré
        else:
            blocs.append((ouverture.start(), fin))
        position = fin
    morceaux, dernier = [], 0
    for debut, fin in blocs:
        morceaux += [html[dernier:debut], f'<details class="success"><summary>{titre}</summary>',
                     html[debut:fin], "</details>"]
        dernier = fin
    morceaux.append(html[dernier:])
    return "".join(morceaux)


def _du_dossier_tp(page: Any) -> bool:
    return str(page.file.src_path).replace("\\", "/").startswith(DOSSIER_SITE)


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    """Remplace ``{{ resultat carnet.nom format }}`` dans les pages Markdown de ``tp/``."""
    if ("{{" not in markdown or not _du_dossier_tp(page) or page.meta.get("execution")
            or not str(page.file.src_path).endswith(".md")):
        return markdown
    try:
        return remplacer(markdown, executions(DOSSIER_CARNETS), "", {})
    except (KeyError, ValueError) as erreur:
        raise PluginError(f"{page.file.src_path} : {erreur.args[0]} "
                          "(lancez « python -m dlcourse.machinerie.carnets_tp »).") from erreur


def lien_de_telechargement(nom_fichier: str) -> str:
    """Le bouton qui télécharge le carnet, placé en tête de sa page.

    mkdocs-jupyter (``include_source: true``) copie le ``.ipynb`` à côté de la
    page HTML : un lien relatif suffit, y compris depuis ``file://``. La classe
    ``dlcourse-carnet`` est celle des liens de carnets des chapitres
    (`dlcourse.machinerie.hook_mkdocs`).
    """
    return (f'<p><a class="md-button dlcourse-carnet" download="{nom_fichier}" '
            f'href="{nom_fichier}" title="Télécharger ce carnet Jupyter, avec ses sorties">'
            f"Télécharger le carnet ({nom_fichier})</a></p>\n")


_HORS_RECHERCHE = re.compile(
    r'<(?:div class="language-[\w-]+ highlight"|div class="highlight-ipynb[^"]*"'
    r'|span class="arithmatex"|div class="arithmatex"|a class="anchor-link"'
    r'|div class="jp-(?:In|Out)putPrompt[^"]*"|div class="jp-RenderedText[^"]*"'
    r'|pre\b|span class="cell-tag"|span class="notice")')


def exclure_de_la_recherche(html: str) -> str:
    """Marque ``data-search-exclude`` les blocs de code, les formules et les ancres « ¶ ».

    La recherche de Material saute un élément qui porte cet attribut (et tout
    ce qu'il contient) : les aperçus des résultats montrent la prose. Le code
    cité dans le texte (``<code>`` en ligne) reste cherchable.

    Material reconnaît l'élément sauté par sa seule balise : le premier
    ``</div>`` imbriqué met fin au saut. On marque donc des éléments sans
    ``<div>`` imbriqué (le ``<pre>``, plutôt que la cellule entière).
    """
    return _HORS_RECHERCHE.sub(lambda m: m.group() + " data-search-exclude", html)


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
DOSSIER_STYLES = "assets/carnets"
"""Le dossier du site où vont les feuilles de style des carnets, une fois chacune."""
_STYLES: dict[str, str] = {}
"""Les feuilles de style extraites des carnets : ``{nom de fichier: contenu}``."""


def styles_en_fichiers(html: str, adresse: str) -> str:
    """Remplace chaque ``<style>`` d'un carnet rendu par un lien vers un fichier du site.

    Parameters
    ----------
    html : str
        Le HTML du carnet (mkdocs-jupyter en recopie les styles de JupyterLab).
    adresse : str
        L'adresse de la page dans le site (``tp/cnn-mnist-keras.html``), pour
        écrire un lien relatif (qui marche aussi depuis ``file://``).

    Returns
    -------
    str
        Le HTML, où chaque style est un ``<link>`` vers
        ``assets/carnets/<empreinte>.css`` ; `on_post_build` écrit ces fichiers.
    """
    def remplacer(m: re.Match) -> str:
        contenu = m.group(1)
        nom = hashlib.sha256(contenu.encode("utf-8")).hexdigest()[:12] + ".css"
        _STYLES[nom] = contenu
        relatif = posixpath.relpath(f"{DOSSIER_STYLES}/{nom}", posixpath.dirname(adresse) or ".")
        return f'<link rel="stylesheet" href="{relatif}">'
    return _STYLE.sub(remplacer, html)


_TITRE_OU_IMAGE = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>|<img\b[^>]*>", re.DOTALL)
_ALT_NBCONVERT = re.compile(r'\balt="No description has been provided for this image"')


def decrire_les_images(html: str) -> str:
    """Donne aux images d'un carnet un texte alternatif tiré du titre de leur section.

    nbconvert écrit « No description has been provided for this image » ;
    chaque image reçoit « Figure de la section « titre » », le titre le plus
    proche au-dessus d'elle (les carnets ne déclarent pas de texte alternatif).
    """
    titre = ""

    def remplacer(m: re.Match) -> str:
        nonlocal titre
        if m.group(1) is not None:
            texte = re.sub(r"<[^>]+>", "", m.group(1)).replace("¶", "").strip()
            titre = html_module.unescape(texte) or titre
            return m.group()
        alt = html_module.escape(f"Figure de la section « {titre} »" if titre
                                 else "Figure produite par la cellule précédente", quote=True)
        return _ALT_NBCONVERT.sub(f'alt="{alt}"', m.group())
    return _TITRE_OU_IMAGE.sub(remplacer, html)


_SORTIE_TEXTE = re.compile(
    r'(<div class="jp-RenderedText jp-OutputArea-output)("[^>]*>\s*<pre[^>]*>)(.*?)(</pre>)',
    re.DOTALL)


def marquer_les_tableaux(html: str) -> str:
    """Ajoute la classe ``tableau`` aux sorties de texte dont l'alignement compte.

    Voir `dlcourse.machinerie.sorties.est_un_tableau` : elles gardent leurs lignes
    et défilent ; les autres sorties du carnet reviennent à la ligne.
    """
    def marquer(m: re.Match) -> str:
        if not est_un_tableau(html_module.unescape(m.group(3))):
            return m.group()
        return m.group(1) + " tableau" + m.group(2) + m.group(3) + m.group(4)
    return _SORTIE_TEXTE.sub(marquer, html)


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """Marque ce que la recherche doit sauter ; pour un carnet de ``tp/``, replie les
    solutions, sert ses styles en fichiers et ajoute son bouton de téléchargement."""
    html = exclure_de_la_recherche(html)
    source = str(page.file.src_path).replace("\\", "/")
    if not _du_dossier_tp(page) or not source.endswith(".ipynb"):
        return html
    adresse = getattr(page.file, "dest_uri", None) or re.sub(r"\.ipynb$", ".html", source)
    html = marquer_les_tableaux(decrire_les_images(styles_en_fichiers(html, adresse)))
    return lien_de_telechargement(source.rsplit("/", 1)[-1]) + replier_solutions(html)


def on_post_build(config: Any, **_: Any) -> None:
    """Écrit les feuilles de style des carnets (`styles_en_fichiers`) dans le site."""
    dossier = Path(config["site_dir"]) / DOSSIER_STYLES
    if _STYLES:
        dossier.mkdir(parents=True, exist_ok=True)
    for nom, contenu in _STYLES.items():
        (dossier / nom).write_text(contenu, encoding="utf-8")


_ABSOLU = re.compile(r'\b(href|src)="/(?!/)')


def chemins_relatifs(html: str) -> str:
    """Les adresses absolues d'un gabarit (``href="/assets/…"``) rendues relatives à la racine.

    MkDocs écrit la page 404 avec des adresses absolues (sans ``site_url``,
    la racine du domaine) : servie depuis un sous-dossier, elle perdrait ses
    styles. Relatives, elles marchent depuis la racine du site et depuis ``file://``.
    """
    html = _ABSOLU.sub(lambda m: f'{m.group(1)}="./', html)
    # La configuration JSON du thème : la racine et le script de recherche.
    return re.sub(r'("(?:base|search)": ")/', r'\1./', html).replace('"base": "./"', '"base": "."')


def on_post_template(output: str, template_name: str, config: Any, **_: Any) -> str:
    """La page 404 : des chemins relatifs (`chemins_relatifs`)."""
    return chemins_relatifs(output) if template_name == "404.html" else output
