"""Chaque page du livre : tous ses blocs Python s'exécutent, chaque chemin tient seul.

- Sybil (``conftest.py``) doit trouver chaque bloc ``python`` de chaque page :
  on recompte les blocs par un autre moyen (:mod:`dlcourse.pages`) et on
  vérifie que chacun contient au moins un exemple Sybil.
- Chaque onglet (Keras, PyTorch) s'exécute seul, avec les blocs hors onglets,
  dans un processus neuf : un nom défini dans l'autre onglet ferait échouer
  le chemin. Ce code est celui des cellules du carnet Jupyter que le site
  publie pour ce chemin (:mod:`dlcourse.carnets`) : on vérifie qu'elles sont
  exactement le code du chemin, puis on les exécute de haut en bas. Une page
  sans onglets qui a du code donne un seul carnet, exécuté de même.
- Les jumeaux : les résultats déclarés ``exacts`` sont égaux d'un onglet à
  l'autre (profil rapide) ; ceux déclarés avec une tolérance le sont, à cette
  tolérance près, dans les résultats de la dernière exécution complète.
- Les figures et résultats enregistrés correspondent au code actuel.
"""

from __future__ import annotations

import pytest

from dlcourse import carnets
from dlcourse import figures as construction
from dlcourse.execution import Demande, executer_dans_un_processus
from dlcourse.pages import DOSSIER_DOCS, blocs, code_du_chemin, developper_inclusions, pages

PAGES = pages()
# Un chemin par carnet : chaque onglet qui a du code, ou None pour une page sans onglets.
CHEMINS = [(page, onglet) for page in PAGES for onglet in carnets.chemins(page)]


def _nom(page) -> str:
    return str(page.relative_to(DOSSIER_DOCS))


def _id(page, onglet) -> str:
    return f"{_nom(page)}[{onglet or construction.COMMUN}]"


def test_le_livre_a_des_pages_et_des_chemins():
    assert PAGES, "aucune page trouvée dans docs/"
    assert CHEMINS, "aucun onglet avec du code Python"


@pytest.mark.parametrize("page", PAGES, ids=_nom)
def test_sybil_trouve_chaque_bloc_python(page):
    import conftest

    document = conftest.sybil_pages.parse(page)
    texte = developper_inclusions(page.read_text(encoding="utf-8"))
    assert document.text == texte
    debuts = [r.start for r in document]
    lignes = texte.split("\n")
    decalages = [0]
    for ligne in lignes:
        decalages.append(decalages[-1] + len(ligne) + 1)
    manquants = []
    blocs_python = [b for b in blocs(texte) if b.langage in ("python", "py")]
    for bloc in blocs_python:
        debut = decalages[bloc.ligne - 1]
        fin = decalages[bloc.ligne + bloc.code.count("\n") + 1]
        if not any(debut <= d < fin for d in debuts):
            manquants.append(bloc.ligne)
    assert not manquants, f"{_nom(page)} : blocs Python non exécutés aux lignes {manquants}"
    assert len(debuts) >= len(blocs_python)


@pytest.mark.parametrize(("page", "onglet"), CHEMINS, ids=[_id(p, o) for p, o in CHEMINS])
def test_chaque_carnet_est_le_code_du_chemin(page, onglet):
    """Le carnet publié : un nbformat valide dont les cellules de code sont le chemin."""
    _code_du_carnet(page, onglet)


_RAPPORTS: dict[tuple, dict] = {}


def _code_du_carnet(page, onglet) -> list[str]:
    """Les cellules de code du carnet du chemin, qui sont exactement le code du chemin."""
    carnet = carnets.carnet(page, onglet)
    code = carnets.code_par_bloc(carnet)
    attendu = code_du_chemin(page, onglet)
    assert code == attendu, (
        f"{_id(page, onglet)} : les cellules de code du carnet ne sont pas le code du chemin "
        f"({len(code)} blocs, {len(attendu)} attendus)")
    return carnets.code_des_cellules(carnet)


def _rapport_rapide(page, onglet, dossier):
    cle = (page, onglet)
    if cle not in _RAPPORTS:
        cibles = {c.onglet: c for c in construction.cibles_de_la_page(page)}
        declare = cibles.get(onglet or construction.COMMUN)
        if onglet in carnets.chemins(page):
            code = _code_du_carnet(page, onglet)
            demande = (Demande(code, declare.demande.figures, declare.demande.resultats)
                       if declare else Demande(code))
        else:  # « commun » déclaré dans une page à onglets : pas de carnet à lui seul
            demande = declare.demande
        _RAPPORTS[cle] = executer_dans_un_processus(demande, "rapide", dossier)
    return _RAPPORTS[cle]


@pytest.mark.parametrize(("page", "onglet"), CHEMINS, ids=[_id(p, o) for p, o in CHEMINS])
def test_chaque_onglet_s_execute_seul(page, onglet, tmp_path):
    """Le carnet du chemin s'exécute de haut en bas, seul, dans un processus neuf."""
    rapport = _rapport_rapide(page, onglet, tmp_path)
    assert rapport["profil"] == "rapide"
    for figure in rapport["figures"]:
        assert (tmp_path / figure["fichier"]).stat().st_size > 1000


@pytest.mark.parametrize("page", [p for p in PAGES if construction.entete(p).get("jumeaux")],
                         ids=_nom)
def test_les_jumeaux_s_accordent(page, tmp_path):
    jumeaux = construction.entete(page)["jumeaux"]
    cibles = construction.cibles_de_la_page(page)
    assert len(cibles) >= 2, "des jumeaux demandent au moins deux onglets déclarés"
    rapides = {c.onglet: _rapport_rapide(page, c.onglet, tmp_path / c.onglet)["resultats"]
               for c in cibles}
    for nom in jumeaux.get("exacts", []):
        valeurs = {onglet: r[nom] for onglet, r in rapides.items()}
        assert len(set(valeurs.values())) == 1, f"{nom} diffère entre les onglets : {valeurs}"
    complets = construction.lire_resultats(page)
    for nom, tolerance in (jumeaux.get("tolerances") or {}).items():
        valeurs = {o: complets[o]["resultats"][nom] for o in complets}
        assert max(valeurs.values()) - min(valeurs.values()) <= tolerance, (
            f"{nom} : écart de plus de {tolerance} entre les onglets ({valeurs})")


def test_figures_et_resultats_a_jour():
    a_refaire = construction.perimees()
    assert not a_refaire, "figures à reconstruire (lancez « make figures ») :\n" + "\n".join(
        f"- {cible.nom} : {raison}" for cible, raison in a_refaire)


@pytest.mark.parametrize("page", PAGES, ids=_nom)
def test_chaque_figure_enregistree_est_declaree_et_decrite(page):
    executions = construction.lire_resultats(page)
    declarees = {c.onglet: c.demande.figures for c in construction.cibles_de_la_page(page)}
    for onglet, rapport in executions.items():
        assert rapport["profil"] == "complet"
        assert [f["fichier"] for f in rapport["figures"]] == [
            f.fichier for f in declarees[onglet]]
        for figure in rapport["figures"]:
            assert figure["alt"].strip()
            assert (page.with_suffix("") / figure["fichier"]).is_file()
