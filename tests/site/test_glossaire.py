"""Le glossaire couvre les termes que les pages présentent avec leur équivalent anglais.

Une page présente un terme ainsi : « *fonction de perte* (*loss function*) ».
Chaque terme anglais présenté de cette façon doit figurer dans la colonne
« Anglais » de ``docs/glossaire.md`` (au singulier ou au pluriel).
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
GLOSSAIRE = DOCS / "glossaire.md"
PRESENTATION = re.compile(r"\*([^*\n]{2,60})\*\s*\(\*([^*\n]{2,60})\*(?=[,)\s])")


def _formes(terme: str) -> set[str]:
    terme = terme.strip().lower()
    return {terme, terme.removesuffix("s"), terme.removesuffix("es"), terme.removesuffix("ing")}


def termes_anglais_du_glossaire() -> set[str]:
    anglais = set()
    for ligne in GLOSSAIRE.read_text(encoding="utf-8").splitlines():
        colonnes = [c.strip() for c in ligne.strip().strip("|").split("|")]
        if len(colonnes) == 3 and colonnes[1] not in ("Anglais", "---"):
            for terme in re.split(r"[,&]", re.sub(r"\([^)]*\)", "", colonnes[1])):
                anglais |= _formes(terme)
    return anglais


def termes_presentes() -> dict[str, set[str]]:
    trouves: dict[str, set[str]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        if "assets" in page.parts or page == GLOSSAIRE:
            continue
        for francais, anglais in PRESENTATION.findall(page.read_text(encoding="utf-8")):
            trouves.setdefault(anglais.strip(), set()).add(
                f"{page.relative_to(DOCS)} (« {francais.strip()} »)")
    return trouves


def test_le_glossaire_couvre_les_termes_des_pages():
    glossaire = termes_anglais_du_glossaire()
    assert len(glossaire) > 50
    manquants = {anglais: pages for anglais, pages in termes_presentes().items()
                 if not _formes(anglais) & glossaire}
    assert not manquants, "termes à ajouter à docs/glossaire.md :\n" + "\n".join(
        f"- {anglais} : {', '.join(sorted(pages))}" for anglais, pages in sorted(manquants.items()))


def test_le_glossaire_est_trie():
    lignes = [ligne for ligne in GLOSSAIRE.read_text(encoding="utf-8").splitlines()
              if ligne.startswith("| ") and not ligne.startswith(("| Français", "|---"))]
    francais = [ligne.split("|")[1].strip() for ligne in lignes]
    import unicodedata

    def cle(texte: str) -> str:
        return unicodedata.normalize("NFD", texte.lower()).encode("ascii", "ignore").decode()

    assert francais == sorted(francais, key=cle), "glossaire : gardez l'ordre alphabétique"
