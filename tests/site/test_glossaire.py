"""Le glossaire et les pages emploient les mêmes termes, dans les deux sens.

1. **Des pages vers le glossaire.** Une page (ou une cellule Markdown d'un
   carnet de travaux pratiques) donne l'équivalent anglais d'un
   terme entre parenthèses et en italique, juste après lui :
   « *fonction de perte* (*loss function*) » ou « la **perte** (*loss*) ».
   Chaque terme anglais donné ainsi (``(*…*)`` dans la prose, hors blocs de
   code) doit figurer dans la colonne « Anglais » de ``docs/glossaire.md``
   (au singulier ou au pluriel).
2. **Du glossaire vers les pages.** Chaque terme de la colonne « Français »
   (sans ce qui est entre parenthèses) apparaît dans au moins une page, à la
   casse près, chaque mot pouvant prendre une terminaison (« réseau de
   neurones convolutif » trouve « réseaux de neurones convolutifs ») : le
   glossaire ne liste que des termes que le livre emploie.

Les mots anglais que le livre garde tels quels (*callback*, *dropout*,
*pooling*) ont une ligne dont les deux colonnes sont ce mot.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
GLOSSAIRE = DOCS / "glossaire.md"
PRESENTATION = re.compile(r"(\S[^(\n]{0,60}?)\s*\(\*([^*\n]{2,60})\*(?=[,):;\s])")
_BLOC = re.compile(r"^(?P<retrait>[ \t]*)(?P<cloture>`{3,}|~{3,}).*?^(?P=retrait)(?P=cloture)",
                   re.MULTILINE | re.DOTALL)


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


def _pages() -> dict[str, str]:
    """Le texte de chaque page (sauf le glossaire), sans ses blocs de code.

    Les carnets de travaux pratiques sont des pages du site : le texte de leurs
    cellules Markdown (sources ``snippets/tp/*.py``) en fait partie.
    """
    import jupytext

    pages = {str(page.relative_to(DOCS)): _BLOC.sub(" ", page.read_text(encoding="utf-8"))
             for page in sorted(DOCS.rglob("*.md"))
             if "assets" not in page.parts and page != GLOSSAIRE}
    for source in sorted((DOCS.parent / "snippets" / "tp").glob("*.py")):
        carnet = jupytext.read(source, fmt="py:percent")
        pages[f"tp/{source.stem}"] = "\n\n".join(
            _BLOC.sub(" ", c.source) for c in carnet.cells if c.cell_type == "markdown")
    return pages


def termes_presentes() -> dict[str, set[str]]:
    trouves: dict[str, set[str]] = {}
    for nom, texte in _pages().items():
        for francais, anglais in PRESENTATION.findall(texte):
            trouves.setdefault(anglais.strip(), set()).add(
                f"{nom} (« {francais.strip()[-30:]} »)")
    return trouves


def termes_francais_du_glossaire() -> list[str]:
    termes = []
    for ligne in GLOSSAIRE.read_text(encoding="utf-8").splitlines():
        colonnes = [c.strip() for c in ligne.strip().strip("|").split("|")]
        if len(colonnes) == 3 and colonnes[0] not in ("Français", "---"):
            termes.append(re.sub(r"\s*\([^)]*\)", "", colonnes[0]).strip())
    return termes


def employe(terme: str, texte: str) -> bool:
    """Le terme apparaît-il dans le texte (casse ignorée, chaque mot pouvant s'accorder) ?"""
    mots = [re.escape(mot) + r"\w*" for mot in re.split(r"\s+", terme)]
    motif = r"(?<!\w)" + r"[\s*_]+".join(mots)
    return re.search(motif, texte, re.IGNORECASE) is not None


def test_presentation_trouve_le_terme_anglais_entre_parentheses():
    texte = ("la **perte** (*loss*), une *fonction de perte* (*loss function*, MSE) ; "
             "la classe (`support`) et (cas *binaire*) ne présentent rien")
    assert [anglais for _, anglais in PRESENTATION.findall(texte)] == ["loss", "loss function"]


def test_employe_accorde_les_mots():
    assert employe("réseau de neurones convolutif", "deux réseaux de neurones convolutifs")
    assert employe("couche dense", "une *couche\ndense*")
    assert not employe("agrégation", "l'agrégat")
    assert employe("rappel", "le rappel (*recall*)")


def test_chaque_terme_du_glossaire_est_employe():
    textes = _pages().values()
    absents = [terme for terme in termes_francais_du_glossaire()
               if not any(employe(terme, texte) for texte in textes)]
    assert not absents, ("termes du glossaire qu'aucune page n'emploie (retirez-les, ou "
                         "employez-les) : " + ", ".join(absents))


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
