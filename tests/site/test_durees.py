"""Les durées montrées au lecteur, dans le site construit (fixture ``construction``)."""

from __future__ import annotations

import re

from dlcourse.machinerie import durees
from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS


def _espaces(texte: str) -> str:
    """Les espaces insécables (typographie française du site) comme des espaces."""
    return re.sub("[\u00a0\u202f]", " ", texte)


def test_chaque_chapitre_qui_entraine_donne_ses_durees(construction):
    """Sous le titre, la phrase des durées de chaque onglet, tirée de ``resultats.json``."""
    assert construction.code == 0, "mkdocs build --strict a échoué (voir tests/site/test_site.py)"
    montrees = 0
    for fichier in sorted(DOSSIER_DOCS.rglob("resultats.json")):
        page = fichier.parent.with_suffix(".md")
        ligne = durees.ligne_des_durees(lire_resultats(page))
        html = (construction.site / page.relative_to(DOSSIER_DOCS).with_suffix(".html")
                ).read_text(encoding="utf-8")
        if ligne:
            montrees += 1
            debut = ligne.split(" de calcul")[0]
            assert _espaces(debut) in _espaces(html), page
        else:
            assert "Exécution complète :" not in html, page
    assert montrees >= 8, "trop peu de chapitres montrent leurs durées"


def test_l_accueil_cite_le_chemin_le_plus_long(construction):
    assert construction.code == 0, "mkdocs build --strict a échoué (voir tests/site/test_site.py)"
    html = (construction.site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"le chemin le plus long du\s+livre demande \d+ (min|s)", _espaces(html))
    assert "quelques minutes au plus" not in html
