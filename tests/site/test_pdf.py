"""Les éditions PDF (``dlcourse.machinerie.edition_pdf``), sur une petite édition.

Deux chapitres seulement, tirés du site que la session a déjà construit
(fixture ``construction``, groupe xdist « site ») : « 1.4 Le problème du
XOR » (des onglets Keras et PyTorch, des formules, deux figures) et « 1.6 Les
fonctions d'activation » (sans onglets : dans les deux éditions, des
formules, une figure). Le PDF est lu par pypdf : texte et images intégrées.
``make pdf`` fait le livre entier et mesure ses budgets (durée, taille).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from dlcourse.machinerie import edition_pdf

pypdf = pytest.importorskip("pypdf")

CHAPITRES = ["introduction/xor.md", "introduction/activations.md"]
TITRES = ["1.4 Le problème du XOR", "1.6 Les fonctions d'activation"]
FIGURES = 3
"""Les figures de ces deux chapitres (deux pour le XOR, une pour les activations)."""

CODE_PYTORCH = "sum(p.numel() for p in model.parameters())"
CODE_KERAS = "model.count_params()"
"""Une ligne que seul l'onglet PyTorch du XOR contient, et une que seul l'onglet Keras contient."""


@pytest.fixture(scope="module")
def editions(site_construit, tmp_path_factory) -> dict[str, pypdf.PdfReader]:
    dossier = tmp_path_factory.mktemp("pdf")
    sorties = {nom: dossier / f"{nom}.pdf" for nom in edition_pdf.EDITIONS}
    # Un Chromium pour les deux, dans un fil à part : dans ce processus, les tests du
    # navigateur tiennent déjà une session Playwright synchrone (une par fil au plus).
    with ThreadPoolExecutor(1) as fil:
        fil.submit(edition_pdf.construire_plusieurs, site_construit, sorties, CHAPITRES).result()
    return {nom: pypdf.PdfReader(sortie) for nom, sortie in sorties.items()}


_TEXTES: dict[int, str] = {}


def _texte(lecteur) -> str:
    """Le texte du PDF (extrait une fois par lecteur : pypdf n'est pas rapide)."""
    if id(lecteur) not in _TEXTES:
        _TEXTES[id(lecteur)] = "\n".join(page.extract_text() or "" for page in lecteur.pages)
    return _TEXTES[id(lecteur)]


def _sans_espaces(texte: str) -> str:
    # Les lignes de code coupées (pre-wrap) se recollent : on retire les espaces.
    return re.sub(r"\s+", "", texte)


def _images(lecteur) -> int:
    """Les images intégrées (XObjects /Image, y compris dans les XObjects /Form)."""
    vues: set = set()

    def parcourir(ressources) -> None:
        objets = (ressources or {}).get("/XObject") or {}
        for reference in objets.values():
            objet = reference.get_object()
            cle = getattr(reference, "idnum", id(objet))
            if cle in vues:
                continue
            vues.add(cle)
            if objet.get("/Subtype") == "/Image":
                images.add(cle)
            elif objet.get("/Subtype") == "/Form":
                parcourir(objet.get("/Resources"))

    images: set = set()
    for page in lecteur.pages:
        parcourir(page.get("/Resources"))
    return len(images)


@pytest.mark.parametrize("nom", sorted(edition_pdf.EDITIONS))
def test_le_pdf_s_ouvre_avec_ses_chapitres(editions, nom):
    lecteur = editions[nom]
    assert len(lecteur.pages) >= 4, "page de titre, table des matières, deux chapitres"
    texte = _texte(lecteur)
    assert edition_pdf.EDITIONS[nom]["titre"] in texte
    for titre in TITRES:
        assert texte.count(titre) >= 2, f"« {titre} » : dans la table et en tête du chapitre"
    assert "Table des matières" in texte
    # Les solutions repliées (2 pour le XOR, 3 pour les activations) : en fin de chapitre,
    # ouvertes et numérotées, avec un renvoi à leur place.
    assert texte.count("Solutions des exercices") == len(TITRES)
    assert "Solution 3" in texte and "voir la fin du chapitre" in texte
    # La table des matières : un lien interne (GoTo) par chapitre au moins.
    internes = [a for page in lecteur.pages for a in (page.get("/Annots") or [])
                if a.get_object().get("/Subtype") == "/Link"
                and "/URI" not in (a.get_object().get("/A") or {})]
    assert len(internes) >= len(TITRES)
    # Les numéros de page de la table : ceux des destinations des chapitres.
    destinations = lecteur.named_destinations
    table = lecteur.pages[1].extract_text()
    for ident in ("p-introduction-xor", "p-introduction-activations"):
        page = lecteur.get_destination_page_number(destinations["/" + ident]) + 1
        assert re.search(rf"(?m)^\s*{page}\s*$|\s{page}$", table), (ident, page, table)


def test_chaque_edition_ne_garde_que_ses_onglets(editions):
    keras = _sans_espaces(_texte(editions["keras"]))
    pytorch = _sans_espaces(_texte(editions["pytorch"]))
    assert _sans_espaces(CODE_KERAS) in keras
    assert _sans_espaces(CODE_PYTORCH) not in keras
    assert _sans_espaces(CODE_PYTORCH) in pytorch
    assert _sans_espaces(CODE_KERAS) not in pytorch
    for nom in edition_pdf.EDITIONS:
        lignes = [ligne.strip() for ligne in _texte(editions[nom]).splitlines()]
        # Le widget d'onglets écrirait leurs noms côte à côte, sur une ligne à eux.
        widget = [ligne for ligne in lignes if re.fullmatch(
            r"(Keras|PyTorch|TensorFlow)(\s*(Keras|PyTorch|TensorFlow))*", ligne)]
        assert not widget, f"{nom} : étiquettes d'onglets {widget[:3]}"


@pytest.mark.parametrize("nom", sorted(edition_pdf.EDITIONS))
def test_figures_integrees_et_formules_rendues(editions, nom):
    lecteur = editions[nom]
    assert _images(lecteur) >= FIGURES
    texte = _texte(lecteur)
    # Une formule non rendue reste entre \( \) ou \[ \] (arithmatex) ; « $x_1$ » peut
    # figurer dans le code (un titre d'axe matplotlib) : on cherche « $\commande ».
    brutes = re.findall(r"\$\\[a-zA-Z]+|\\\(|\\\)|\\\[|\\\]|\\frac|\\sigma", texte)
    assert not brutes, f"{nom} : formules restées en LaTeX : {brutes[:5]}"
