"""La prose ne tape aucun résultat à la main.

La règle (documentée dans ``docs/contribuer/index.md``, « Les nombres dans la
prose ») : dans la *prose* d'une page — le Markdown hors blocs de code, code
en ligne, formules (``$…$``, ``$$…$$``), commentaires HTML et marques
``{{ … }}`` ; la ``description`` de l'en-tête en fait partie, car la page
d'entrée de la partie la cite —, ces nombres ressemblent à des résultats :

- un pourcentage : « 97,5 % » (sauf une plage de réglage, « ± 10 % ») ;
- une durée en secondes ou en minutes : « 12 s », « 3 min », « 2 minutes » ;
- un nombre de paramètres : « 1 239 paramètres ».

Chacun doit venir de la dernière exécution complète, par une marque
``{{ resultat … }}``, ou d'un bloc exécuté : un nombre de paramètres est
accepté quand le code de la page (doctests compris) l'écrit aussi. Les
tailles des jeux de données (« 70 000 images ») et les dates ne sont pas
visées.

Les carnets de travaux pratiques suivent la même règle : leurs cellules
Markdown (``# %% [markdown]`` des sources ``snippets/tp/*.py``, publiées dans
``docs/tp/*.ipynb``) sont de la prose, leurs cellules de code sont le code
exécuté. Un résultat du carnet s'y cite par une marque ``{{ resultat … }}``
ou par un renvoi à la sortie de la cellule qui l'affiche.

Échappatoire, pour un nombre qui n'est pas un résultat (un réglage du code,
un objectif, un exemple calculé à la main, un fait historique) : un
commentaire ``<!-- nombres : raison -->`` dans le paragraphe qui le porte
(les lignes non vides autour de lui). La raison est obligatoire. Pour une
page que l'on ne peut pas annoter, ``EXCEPTIONS`` donne la page, le nombre et
la raison.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"

EXCEPTIONS: dict[tuple[str, str], str] = {}
"""``(page, nombre)`` -> pourquoi ce nombre n'est pas un résultat."""

_NOMBRE = r"\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?"
_RESULTAT = re.compile(
    r"(?<!±)(?<!± )(?<!±\u00a0)(?<!±\u202f)"
    rf"(?<![\w.,]){_NOMBRE}[ \u00a0\u202f]*"
    r"(?:%|(?:s|min|minutes?|secondes?)(?![\w'’])|param[èe]tres\b)")
_ECHAPPATOIRE = re.compile(r"<!--\s*nombres\s*:\s*\S[^>]*?-->")
_BLOC = re.compile(r"^(?P<retrait>[ \t]*)(?P<cloture>`{3,}|~{3,})[^\n]*\n"
                   r"(?P<code>.*?)^(?P=retrait)(?P=cloture)[ \t]*$", re.MULTILINE | re.DOTALL)
"""Un bloc de code clôturé, ``(?P<code>…)`` son contenu."""
_MASQUES = [
    _BLOC,
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"\{\{.*?\}\}", re.DOTALL),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),
    re.compile(r"(?<![\\$])\$[^$\n]+\$"),
    re.compile(r"`[^`\n]+`"),
    re.compile(r"\]\([^)\s]*\)"),
    re.compile(r"<[^>\n]+>"),
]


def _effacer(texte: str) -> str:
    """Remplace tout caractère par une espace, sauf les fins de ligne (les lignes restent)."""
    return re.sub(r"[^\n]", " ", texte)


def prose(markdown: str) -> str:
    """La prose d'une page, ligne pour ligne ; le reste est effacé.

    L'en-tête YAML est effacé, sauf sa ligne ``description:``.
    """
    if markdown.startswith("---\n") and (fin := markdown.find("\n---", 4)) > 0:
        entete = "\n".join(ligne if ligne.startswith("description:") else ""
                           for ligne in markdown[:fin].split("\n"))
        markdown = entete + _effacer(markdown[fin:fin + 4]) + markdown[fin + 4:]
    for masque in _MASQUES:
        markdown = masque.sub(lambda m: _effacer(m.group(0)), markdown)
    return markdown


def _paragraphes_echappes(markdown: str) -> set[int]:
    """Les numéros (à partir de 1) des lignes d'un paragraphe qui porte l'échappatoire."""
    lignes = markdown.split("\n")
    echappees: set[int] = set()
    debut = 0
    for i in range(len(lignes) + 1):
        if i == len(lignes) or not lignes[i].strip():
            if any(_ECHAPPATOIRE.search(ligne) for ligne in lignes[debut:i]):
                echappees.update(range(debut + 1, i + 1))
            debut = i + 1
    return echappees


def _entiers_du_code(markdown: str) -> set[int]:
    return {int(n.replace("_", "").replace(",", ""))
            for m in _BLOC.finditer(markdown)
            for n in re.findall(r"\d+(?:[_,]\d{3})*", m["code"])}


def nombres_tapes(markdown: str, code: str | None = None) -> list[tuple[int, str]]:
    """Les nombres d'allure de résultat tapés dans la prose : ``[(ligne, texte)]``.

    Parameters
    ----------
    markdown : str
        La source d'une page.
    code : str, optional
        Le code exécuté avec cette prose, quand il n'est pas dans ses blocs
        (les cellules de code d'un carnet) ; par défaut, les blocs de la page.

    Returns
    -------
    list of (int, str)
        Le numéro de ligne (à partir de 1) et le nombre avec son unité, espaces
        normalisées, pour chaque nombre qu'aucune marque ni aucun bloc exécuté
        ne produit et qu'aucune échappatoire ne couvre.
    """
    echappees = _paragraphes_echappes(markdown)
    produits = _entiers_du_code(markdown if code is None else f"```\n{code}\n```\n")
    trouves = []
    for numero, ligne in enumerate(prose(markdown).split("\n"), start=1):
        if numero in echappees:
            continue
        for m in _RESULTAT.finditer(ligne):
            texte = re.sub(r"[ \u00a0\u202f]+", " ", m.group(0))
            if texte.endswith("paramètres") or texte.endswith("parametres"):
                valeur = int(re.sub(r"\D", "", texte.rsplit(" ", 1)[0]))
                if valeur in produits:
                    continue
            trouves.append((numero, texte))
    return trouves


def prose_du_carnet(source: str) -> tuple[str, str]:
    """Les cellules Markdown d'une source de carnet (format *percent*), et son code.

    Parameters
    ----------
    source : str
        Le texte d'une source ``snippets/tp/<nom>.py``.

    Returns
    -------
    tuple of (str, str)
        Le Markdown des cellules ``# %% [markdown]``, ligne pour ligne avec la
        source (le ``# `` de tête retiré ; en-tête, lignes de séparation et
        code remplacés par des lignes vides), et le code des autres cellules.
    """
    markdown, code = [], []
    cellule = "entete" if source.startswith("# ---\n") else "code"
    for numero, ligne in enumerate(source.split("\n")):
        if cellule == "entete":
            markdown.append("")
            if numero > 0 and ligne == "# ---":
                cellule = "code"
            continue
        if ligne.startswith("# %%"):
            cellule = "markdown" if re.match(r"# %% \[markdown\]", ligne) else "code"
            markdown.append("")
        elif cellule == "markdown":
            markdown.append(re.sub(r"^# ?", "", ligne))
        else:
            markdown.append("")
            code.append(ligne)
    return "\n".join(markdown), "\n".join(code)


PAGES = sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)
SOURCES_TP = sorted((DOCS.parent / "snippets" / "tp").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_aucun_resultat_tape_dans_la_prose(page):
    nom = page.relative_to(DOCS).as_posix()
    tapes = [(ligne, texte) for ligne, texte in nombres_tapes(page.read_text(encoding="utf-8"))
             if (nom, texte) not in EXCEPTIONS]
    assert not tapes, (
        f"{nom} : nombre(s) tapé(s) à la main dans la prose ; citez la dernière exécution "
        "(« {{ resultat … }} »), retirez-les, ou justifiez-les par « <!-- nombres : raison --> » "
        "dans le paragraphe :\n" + "\n".join(f"- ligne {ligne} : « {texte} »"
                                              for ligne, texte in tapes))


@pytest.mark.parametrize("source", SOURCES_TP, ids=[p.stem for p in SOURCES_TP])
def test_aucun_resultat_tape_dans_les_carnets_de_tp(source):
    nom = source.relative_to(DOCS.parent).as_posix()
    markdown, code = prose_du_carnet(source.read_text(encoding="utf-8"))
    tapes = [(ligne, texte) for ligne, texte in nombres_tapes(markdown, code)
             if (nom, texte) not in EXCEPTIONS]
    assert not tapes, (
        f"{nom} : nombre(s) tapé(s) à la main dans une cellule Markdown ; citez l'exécution "
        "(« {{ resultat … }} », déclaré dans l'en-tête dlcourse.resultats), renvoyez à la sortie "
        "de la cellule, ou justifiez-les par « <!-- nombres : raison --> » dans le "
        "paragraphe :\n" + "\n".join(f"- ligne {ligne} : « {texte} »" for ligne, texte in tapes))


def test_la_prose_d_un_carnet_garde_ses_lignes_et_son_code():
    source = """# ---
# jupyter:
#   dlcourse: {resultats: {exactitude: exactitude}}
# ---

# %% [markdown]
# Le modèle atteint 98 % d'exactitude.
#
# Il a 1 239 paramètres.

# %%
model = construire(1_239)
print("99 %")
"""
    markdown, code = prose_du_carnet(source)
    assert markdown.split("\n")[6] == "Le modèle atteint 98 % d'exactitude."
    assert "99 %" in code and "dlcourse" not in markdown and "99 %" not in markdown
    assert nombres_tapes(markdown, code) == [(7, "98 %")]


def test_le_detecteur_trouve_un_resultat_tape():
    page = ("# Titre\n\nLe modèle atteint 97,5 % d'exactitude en 12 s, avec 1 239 paramètres.\n"
            "Une époque dure 2 minutes, une translation de ± 10 % est un réglage.\n")
    assert nombres_tapes(page) == [(3, "97,5 %"), (3, "12 s"), (3, "1 239 paramètres"),
                                   (4, "2 minutes")]


def test_le_detecteur_ignore_ce_qui_n_est_pas_de_la_prose():
    page = """---
title: Exemple
execution: {Keras: {resultats: {exactitude: "0.975"}}}
---

MNIST compte 70 000 images ; Rosenblatt publie le perceptron en 1958. La
classe 5 s'écrit ainsi, et l'exactitude est de {{ resultat Keras.exactitude pourcent }}.

```python
print("97,5 %", "12 s")
>>> sum(p.numel() for p in model.parameters())
1239
```

Le réseau a 1 239 paramètres, comme le doctest l'affiche ; `0.5 %` et $50\\,\\%$
ne sont pas de la prose, pas plus que [ce lien](page.md#50-%).
On garde 10 % des images pour la validation. <!-- nombres : réglage du code -->
"""
    assert nombres_tapes(page) == []


def test_l_echappatoire_demande_une_raison_et_ne_couvre_que_son_paragraphe():
    page = ("On garde 10 % des images. <!-- nombres : -->\n\n"
            "Une autre : 20 %. <!-- nombres : réglage -->\n\n"
            "Et 98 % d'exactitude.\n")
    assert nombres_tapes(page) == [(1, "10 %"), (5, "98 %")]


def test_la_description_de_l_entete_est_de_la_prose():
    page = "---\ntitle: Exemple à 50 %\ndescription: Au-delà de 99 % d'exactitude.\n---\n\nTexte.\n"
    assert nombres_tapes(page) == [(3, "99 %")]
