"""Chaque page du livre : chaque chemin de lecture s'exécute seul, une fois, par Sybil.

- Un *chemin* est ce que lit un lecteur qui ne suit qu'un onglet : les blocs
  hors onglets et ceux de l'onglet (ou, sans onglets, toute la page). Chaque
  chemin s'exécute dans un processus neuf (un enfant d'un serveur
  d'exécution, `dlcourse.machinerie.serveur`), avec le profil rapide installé
  de l'extérieur et ``import dlcourse`` bloqué : c'est le code qu'un lecteur
  copie, tel quel. Un échec nomme la page, l'onglet et la ligne.
- Le processus n'a chargé que les frameworks que le code du chemin importe.
- Sybil trouve chaque bloc ``python`` de chaque page.
- Le carnet publié de chaque chemin a exactement le code du chemin, et aucun
  carnet offert par le site n'importe ``dlcourse``.
- Les jumeaux : les résultats déclarés ``exacts`` sont égaux d'un onglet à
  l'autre (profil rapide) ; ceux déclarés avec une tolérance le sont, à cette
  tolérance près, dans les résultats de la dernière exécution complète.
- Les figures et résultats enregistrés correspondent au code actuel.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from dlcourse.machinerie import carnets
from dlcourse.machinerie import figures as construction
from dlcourse.machinerie.chemins import groupe, message_d_echec
from dlcourse.machinerie.pages import (
    DOSSIER_DOCS,
    blocs,
    code_du_chemin,
    developper_inclusions,
    pages_du_menu,
)
from dlcourse.machinerie.sybil_livre import SYBIL

PAGES = [p for p in pages_du_menu() if p.suffix == ".md"]
CARNETS_TP = [p for p in pages_du_menu() if p.suffix == ".ipynb"]


def _chemins(page):
    possibles = carnets.chemins(page)
    declares = [c.onglet for c in construction.cibles_de_la_page(page)]
    if construction.COMMUN in declares and None not in possibles:
        possibles = [*possibles, None]  # « commun » déclaré dans une page à onglets
    return possibles


def _nom(page) -> str:
    return str(page.relative_to(DOSSIER_DOCS))


def _id(page, onglet) -> str:
    return f"{_nom(page)}[{onglet or construction.COMMUN}]"


CHEMINS = [pytest.param(page, onglet, id=_id(page, onglet),
                        marks=pytest.mark.xdist_group(groupe(page)))
           for page in PAGES for onglet in _chemins(page)]


def test_le_livre_a_des_pages_et_des_chemins():
    assert len(PAGES) >= 40, [str(p) for p in PAGES]
    assert CHEMINS, "aucun onglet avec du code Python"
    assert sorted(PAGES) == sorted(p.resolve() for p in DOSSIER_DOCS.rglob("*.md")), (
        "chaque page de docs/ doit être dans le menu de mkdocs.yml")


@pytest.mark.parametrize(("page", "onglet"), CHEMINS)
def test_le_chemin_s_execute_seul(page, onglet, rapport_du_chemin):
    """Le code du chemin, tel qu'un lecteur le copie, s'exécute de haut en bas."""
    rapport = rapport_du_chemin(page, onglet)
    if rapport.get("echec"):
        pytest.fail(message_d_echec(rapport), pytrace=False)
    assert rapport["profil"] == "rapide"
    attendus = sorted(construction.demande_du_chemin(page, onglet).frameworks)
    assert rapport["frameworks"] == attendus, (
        f"{_id(page, onglet)} : frameworks chargés {rapport['frameworks']}, le code n'importe "
        f"que {attendus}")


@pytest.mark.parametrize("page", PAGES, ids=_nom)
def test_sybil_trouve_chaque_bloc_python(page):
    document = SYBIL.parse(page)
    texte = developper_inclusions(page.read_text(encoding="utf-8"))
    assert document.text == texte
    debuts = [r.start for r in document]
    decalages = [0]
    for ligne in texte.split("\n"):
        decalages.append(decalages[-1] + len(ligne) + 1)
    blocs_python = [b for b in blocs(texte) if b.langage in ("python", "py")]
    manquants = [b.ligne for b in blocs_python
                 if not any(decalages[b.ligne - 1] <= d < decalages[b.fin - 1] for d in debuts)]
    assert not manquants, f"{_nom(page)} : blocs Python non exécutés aux lignes {manquants}"


CARNETS = [(page, onglet) for page in PAGES for onglet in carnets.chemins(page)]


@pytest.mark.parametrize(("page", "onglet"), CARNETS, ids=[_id(p, o) for p, o in CARNETS])
def test_chaque_carnet_est_le_code_du_chemin(page, onglet):
    """Le carnet publié : un nbformat valide dont les cellules de code sont le chemin."""
    carnet = carnets.carnet(page, onglet)
    assert carnets.code_par_bloc(carnet) == code_du_chemin(page, onglet), (
        f"{_id(page, onglet)} : les cellules de code du carnet ne sont pas le code du chemin")


def _importe_dlcourse(code: str) -> bool:
    for noeud in ast.walk(ast.parse(code)):
        noms = ([a.name for a in noeud.names] if isinstance(noeud, ast.Import) else
                [noeud.module or ""] if isinstance(noeud, ast.ImportFrom) else [])
        if any(n == "dlcourse" or n.startswith("dlcourse.") for n in noms):
            return True
    return False


def test_aucun_carnet_offert_n_importe_dlcourse():
    """Chaque carnet du site (chapitres et travaux pratiques) s'ouvre sans dlcourse."""
    fautifs = [_id(page, onglet) for page, onglet in CARNETS
               if any(_importe_dlcourse(c) for c in
                      carnets.code_des_cellules(carnets.carnet(page, onglet)))]
    for carnet in CARNETS_TP:
        cellules = json.loads(carnet.read_text(encoding="utf-8"))["cells"]
        if any(_importe_dlcourse("".join(c["source"])) for c in cellules
               if c["cell_type"] == "code"):
            fautifs.append(carnet.name)
    assert not fautifs, f"carnets qui importent dlcourse : {fautifs}"


def _ligne_pip(carnet) -> set[str]:
    for cellule in carnet["cells"]:
        source = "".join(cellule["source"])
        if cellule["cell_type"] == "markdown" and "pip install " in source:
            ligne = source.split("pip install ", 1)[1].split("\n", 1)[0]
            return {paquet.split("==")[0] for paquet in ligne.split()}
    return set()


def test_chaque_carnet_offert_dit_ce_qu_il_faut_installer():
    """La ligne ``pip install`` du carnet couvre chaque module importé (hors stdlib)."""
    import sys

    offerts = [(_id(p, o), json.loads(carnets.ecrire(carnets.carnet(p, o))))
               for p, o in CARNETS]
    offerts += [(c.name, json.loads(c.read_text(encoding="utf-8"))) for c in CARNETS_TP]
    for nom, carnet in offerts:
        code = ["".join(c["source"]) for c in carnet["cells"] if c["cell_type"] == "code"]
        requis = {carnets.PAQUETS_PYPI.get(m, m) for m in carnets.modules_importes(code)
                  if m not in sys.stdlib_module_names}
        manquants = requis - _ligne_pip(carnet)
        assert not manquants, f"{nom} : la ligne pip install ne couvre pas {sorted(manquants)}"


JUMELLES = [p for p in PAGES if construction.entete(p).get("jumeaux")]


@pytest.mark.parametrize("page", [pytest.param(p, id=_nom(p), marks=pytest.mark.xdist_group(
    groupe(p))) for p in JUMELLES])
def test_les_jumeaux_s_accordent(page, rapport_du_chemin):
    jumeaux = construction.entete(page)["jumeaux"]
    cibles = construction.cibles_declarees(page)
    assert len(cibles) >= 2, "des jumeaux demandent au moins deux onglets déclarés"
    rapides = {}
    for cible in cibles:
        rapport = rapport_du_chemin(page, cible.demande.onglet)
        if rapport.get("echec"):
            pytest.fail(message_d_echec(rapport), pytrace=False)
        rapides[cible.onglet] = rapport["resultats"]
    for nom in jumeaux.get("exacts", []):
        valeurs = {onglet: r[nom] for onglet, r in rapides.items()}
        assert len({json.dumps(v) for v in valeurs.values()}) == 1, (
            f"{nom} diffère entre les onglets : {valeurs}")
    complets = construction.lire_resultats(page)
    for nom, tolerance in (jumeaux.get("tolerances") or {}).items():
        valeurs = {c.onglet: complets[c.onglet]["resultats"][nom] for c in cibles}
        assert max(valeurs.values()) - min(valeurs.values()) <= tolerance, (
            f"{nom} : écart de plus de {tolerance} entre les onglets ({valeurs})")


_SALE = re.compile(r"\x1b\[|^[IWEF]\d{4} \d\d:\d\d|absl::InitializeLog|oneDNN|cuda_|"
                   r"(?<![\w.])/(?:tmp|root|home|work|usr)/|dlcourse-page-", re.MULTILINE)


def test_les_sorties_enregistrees_sont_propres():
    """Aucune sortie montrée ne contient de journal de TensorFlow, de code ANSI ni de chemin
    de la machine de construction ; chacune est rattachée à un bloc Python de sa page."""
    vues = 0
    for page in PAGES:
        texte_page = developper_inclusions(page.read_text(encoding="utf-8"))
        nombre_de_blocs = len([b for b in blocs(texte_page) if b.langage in ("python", "py")])
        for onglet, rapport in construction.lire_resultats(page).items():
            for rang, texte in (rapport.get("sorties") or {}).items():
                vues += 1
                assert 0 <= int(rang) < nombre_de_blocs, f"{_nom(page)} [{onglet}] bloc {rang}"
                assert not _SALE.search(texte), (
                    f"{_nom(page)} [{onglet}] bloc {rang} : {_SALE.search(texte).group()!r}")
                assert texte.count("\n") < 61, f"{_nom(page)} [{onglet}] bloc {rang} non coupé"
    assert vues, "aucune sortie enregistrée"


def test_figures_et_resultats_a_jour():
    a_refaire = construction.perimees()
    assert not a_refaire, "figures à reconstruire (lancez « make figures ») :\n" + "\n".join(
        f"- {cible.nom} : {raison}" for cible, raison in a_refaire)


@pytest.mark.parametrize("page", PAGES, ids=_nom)
def test_chaque_figure_enregistree_est_declaree_et_decrite(page):
    executions = construction.lire_resultats(page)
    declarees = {c.onglet: c.demande.figures for c in construction.cibles_de_la_page(page)}
    assert set(executions) <= set(declarees), "résultats enregistrés d'un chemin disparu"
    for onglet, rapport in executions.items():
        assert rapport["profil"] == "complet"
        assert [f["fichier"] for f in rapport["figures"]] == [
            f.fichier for f in declarees[onglet]]
        for figure in rapport["figures"]:
            assert figure["alt"].strip()
            assert (page.with_suffix("") / figure["fichier"]).is_file()
