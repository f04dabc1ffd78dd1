"""La partie 1 dans son ensemble : chaque chapitre est au menu et finit par des exercices."""

from __future__ import annotations

import re

import pytest

from dlcourse.machinerie.figures import entete
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

DOSSIER = DOSSIER_DOCS / "introduction"
CHAPITRES = ["histoire.md", "neurone.md", "perceptron.md", "xor.md", "retropropagation.md",
             "activations.md", "mlp-regression-classification.md"]


def test_chaque_chapitre_est_au_menu_dans_l_ordre():
    menu = (RACINE / "mkdocs.yml").read_text(encoding="utf-8")
    positions = [menu.find(f"introduction/{c}") for c in CHAPITRES]
    assert -1 not in positions, "un chapitre de la partie 1 manque au menu"
    assert positions == sorted(positions)
    for k, chapitre in enumerate(CHAPITRES, start=1):
        assert re.search(rf'"1\.{k} [^"]+": introduction/{re.escape(chapitre)}', menu)


def test_la_page_d_entree_liste_les_chapitres():
    texte = (DOSSIER / "index.md").read_text(encoding="utf-8")
    for chapitre in CHAPITRES:
        assert f"]({chapitre})" in texte


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


def test_la_retropropagation_est_nommee():
    texte = (DOSSIER / "retropropagation.md").read_text(encoding="utf-8")
    assert texte.count("rétropropagation") >= 3
