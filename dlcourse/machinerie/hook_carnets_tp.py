"""Le crochet MkDocs des travaux pratiques : solutions repliées, résultats cités.

Déclaré dans ``mkdocs.yml`` (``hooks:``), à côté de `dlcourse.machinerie.hook_mkdocs`.
Il ne touche que les pages du dossier ``docs/tp/`` :

- dans une page de carnet (``tp/*.ipynb``, rendue par mkdocs-jupyter), un
  bouton télécharge le carnet et les cellules étiquetées ``solution``
  (`dlcourse.machinerie.carnets_tp.ETIQUETTE_SOLUTION`) sont placées dans un encadré
  repliable ``<details class="success">`` : du HTML statique, sans JavaScript ni ressource externe ;
- dans une page Markdown (``tp/index.md``), les marques
  ``{{ resultat carnet.nom format }}`` sont remplacées par les résultats
  enregistrés dans les métadonnées des carnets exécutés
  (`dlcourse.machinerie.carnets_tp.executions`).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

from dlcourse.machinerie.carnets_tp import DOSSIER_CARNETS, ETIQUETTE_SOLUTION, executions
from dlcourse.machinerie.resultats import remplacer

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


def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    """Replie les solutions d'un carnet de ``tp/`` et ajoute son bouton de téléchargement."""
    source = str(page.file.src_path).replace("\\", "/")
    if not _du_dossier_tp(page) or not source.endswith(".ipynb"):
        return html
    return lien_de_telechargement(source.rsplit("/", 1)[-1]) + replier_solutions(html)
