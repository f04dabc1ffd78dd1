"""Le site construit suit la typographie française dans la prose.

Aucune espace ordinaire avant « ; : ! ? » ni à l'intérieur des guillemets
« … » dans le texte courant des pages (hors code, formules, scripts), et les
milliers tapés avec une espace ordinaire sont séparés par une espace fine.
La construction est celle de la session (fixture ``construction``) : le test ne
reconstruit pas le site. Le lecteur HTML est celui de la bibliothèque
standard, indépendant de `dlcourse.machinerie.typographie` qu'il vérifie.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

PAGES = ["index.html", "entrainement/mnist-mlp.html", "entrainement/concepts.html",
         "evaluation/metriques.html", "environnement/installation.html", "contribuer/index.html",
         "glossaire.html", "tp/cnn-mnist-keras.html"]
INTACTS = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"}
VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
FAUTES = re.compile(r"\S( [;:!?](?=\s|$)|« | »)|(?<![\d,.])\d{1,3} \d{3}(?!\d)")


class _Prose(HTMLParser):
    """Le texte courant d'une page : hors éléments de code et de formules."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ouverts: list[tuple[str, bool]] = []
        self.textes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VIDES:
            return
        classes = next((v or "" for k, v in attrs if k == "class"), "").split()
        intact = tag in INTACTS or any(c.startswith(("arithmatex", "katex")) for c in classes)
        self.ouverts.append((tag, intact))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.ouverts) - 1, -1, -1):
            if self.ouverts[i][0] == tag:
                del self.ouverts[i:]
                return

    def handle_data(self, data: str) -> None:
        if not any(intact for _, intact in self.ouverts):
            self.textes.append(data)


def prose(fichier: Path) -> str:
    lecteur = _Prose()
    lecteur.feed(fichier.read_text(encoding="utf-8"))
    return "".join(lecteur.textes)


def test_le_lecteur_reconnait_une_faute_et_ignore_le_code(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<p>Vraiment ? <code>a : b</code> '
                    '<span class="arithmatex">\\(x ; y\\)</span></p>', encoding="utf-8")
    texte = prose(page)
    assert [m.group(0) for m in FAUTES.finditer(texte)] == ["t ?"]
    assert "a : b" not in texte and "x ; y" not in texte


@pytest.mark.parametrize("page", PAGES)
def test_pas_d_espace_ordinaire_avant_la_ponctuation(construction, page):
    assert construction.code == 0, "la construction stricte du site a échoué (voir test_site.py)"
    texte = prose(construction.site / page)
    assert len(texte) > 500, f"{page} : prose introuvable"
    fautes = [texte[max(0, m.start() - 30):m.end() + 10] for m in FAUTES.finditer(texte)]
    assert not fautes, f"{page} : espace ordinaire dans la prose :\n" + "\n".join(
        f"- …{faute!r}…" for faute in fautes)
