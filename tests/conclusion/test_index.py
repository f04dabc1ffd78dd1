"""La partie 8 « Conclusion et perspectives » : sa page d'entrée.

Page : docs/conclusion/index.md. Elle présente chaque chapitre de la partie,
dans la liste du menu (mkdocs.yml).
"""

from __future__ import annotations

import re

from dlcourse.machinerie.pages import DOSSIER_DOCS, pages_du_menu

PAGE = DOSSIER_DOCS / "conclusion" / "index.md"
CHAPITRES = [p.name for p in pages_du_menu() if p.parent == PAGE.parent and p != PAGE]


def test_l_index_presente_chaque_chapitre():
    assert CHAPITRES, "la partie n'a aucun chapitre au menu"
    liens = set(re.findall(r"\]\(([\w-]+\.md)\)", PAGE.read_text(encoding="utf-8")))
    absents = set(CHAPITRES) - liens
    assert not absents, f"chapitres absents de l'index : {absents}"
