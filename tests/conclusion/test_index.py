"""La partie 8 « Conclusion et perspectives » : sa page d'entrée.

Page : docs/conclusion/index.md. Elle présente chaque chapitre de la partie,
dans la liste du menu (mkdocs.yml).
"""

from __future__ import annotations

import re

from dlcourse.machinerie.hook_mkdocs import MARQUE_CHAPITRES, liste_des_chapitres
from dlcourse.machinerie.pages import DOSSIER_DOCS, pages_du_menu

PAGE = DOSSIER_DOCS / "conclusion" / "index.md"
CHAPITRES = [p.name for p in pages_du_menu() if p.parent == PAGE.parent and p != PAGE]


def test_l_index_presente_chaque_chapitre():
    assert CHAPITRES, "la partie n'a aucun chapitre au menu"
    texte = PAGE.read_text(encoding="utf-8")
    assert MARQUE_CHAPITRES.search(texte), "la liste des chapitres vient du menu ({{ chapitres }})"
    src_uri = str(PAGE.relative_to(DOSSIER_DOCS))
    rendue = MARQUE_CHAPITRES.sub(lambda _: liste_des_chapitres(src_uri), texte)
    liens = set(re.findall(r"\]\(([\w-]+\.md)\)", rendue))
    absents = set(CHAPITRES) - liens
    assert not absents, f"chapitres absents de l'index : {absents}"
