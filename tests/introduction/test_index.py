"""La partie 1 « Introduction » : sa page d'entrée et ce que partagent ses chapitres.

Page : docs/introduction/index.md. Les chapitres sont ceux du menu
(mkdocs.yml), dans son ordre : numérotés « 1.k », tous présentés par la page
d'entrée ; chacun finit par des exercices avec leurs solutions, n'a ni image
externe ni diagramme Mermaid, et place chaque figure que son en-tête déclare.
"""

from __future__ import annotations

import re

import pytest

from dlcourse.machinerie.figures import entete
from dlcourse.machinerie.hook_mkdocs import MARQUE_CHAPITRES, liste_des_chapitres
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE, pages_du_menu

PAGE = DOSSIER_DOCS / "introduction" / "index.md"
DOSSIER = PAGE.parent
CHAPITRES = [p.name for p in pages_du_menu() if p.parent == DOSSIER and p != PAGE]


def test_les_chapitres_du_menu_sont_ceux_du_dossier():
    assert len(CHAPITRES) >= 7, CHAPITRES
    assert sorted(CHAPITRES) == sorted(p.name for p in DOSSIER.glob("*.md") if p != PAGE)


def test_chaque_chapitre_est_numerote_dans_l_ordre_du_menu():
    menu = (RACINE / "mkdocs.yml").read_text(encoding="utf-8")
    for k, chapitre in enumerate(CHAPITRES, start=1):
        assert re.search(rf'"1\.{k} [^"]+": introduction/{re.escape(chapitre)}', menu), chapitre


def test_la_page_d_entree_liste_les_chapitres():
    """La liste vient du menu et des en-têtes des chapitres (``{{ chapitres }}``)."""
    texte = PAGE.read_text(encoding="utf-8")
    assert MARQUE_CHAPITRES.search(texte)
    rendue = liste_des_chapitres("introduction/index.md")
    for numero, chapitre in enumerate(CHAPITRES, start=1):
        assert re.search(rf"^{numero}\. \[[^\]]+\]\({re.escape(chapitre)}\) : \w", rendue,
                         re.MULTILINE), chapitre


@pytest.mark.parametrize("chapitre", CHAPITRES)
def test_exercices_avec_solutions_a_la_fin(chapitre):
    texte = (DOSSIER / chapitre).read_text(encoding="utf-8")
    debut = texte.find("\n## Exercices")
    assert debut != -1, f"{chapitre} : pas de section « Exercices »"
    assert "\n## " not in texte[debut + 1:], f"{chapitre} : les exercices ne sont pas à la fin"
    assert texte.count('??? success "Solution"', debut) >= 2


@pytest.mark.parametrize("chapitre", CHAPITRES)
def test_pas_d_image_externe_ni_mermaid(chapitre):
    texte = (DOSSIER / chapitre).read_text(encoding="utf-8")
    assert "http://" not in texte and "https://" not in texte
    assert "mermaid" not in texte.lower()
    assert "<img" not in texte


@pytest.mark.parametrize("chapitre", CHAPITRES)
def test_chaque_figure_declaree_est_placee(chapitre):
    texte = (DOSSIER / chapitre).read_text(encoding="utf-8")
    declarees = {f["fichier"] for spec in (entete(DOSSIER / chapitre).get("execution") or {})
                 .values() for f in (spec or {}).get("figures", [])}
    placees = set(re.findall(r"\{\{ figure ([\w.-]+) \}\}", texte))
    assert declarees == placees
