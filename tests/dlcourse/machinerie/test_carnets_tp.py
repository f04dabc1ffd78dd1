"""Tests de dlcourse.machinerie.carnets_tp : lire, exécuter, dater et écrire les carnets des TP."""

from __future__ import annotations

import json

import nbformat
import pytest

from dlcourse.machinerie import carnets_tp

SOURCE = '''# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   dlcourse:
#     resultats:
#       reponse: reponse
# ---

# %% [markdown]
# # Essai
#
# La réponse vaut {{ resultat essai.reponse entier }}.

# %% tags=["solution"]
reponse = 6 * 7
print(reponse)
'''


@pytest.fixture
def dossiers(tmp_path):
    """Un dossier de sources avec ``essai.py`` et un dossier de carnets vide."""
    sources, sortie = tmp_path / "sources", tmp_path / "carnets"
    sources.mkdir()
    sortie.mkdir()
    (sources / "essai.py").write_text(SOURCE, encoding="utf-8")
    return sources, sortie


def _faux_carnet(chemin, meta):
    nb = nbformat.v4.new_notebook()
    nb.metadata[carnets_tp.CLE] = meta
    chemin.write_text(nbformat.writes(nb), encoding="utf-8")


def test_carnets_et_empreinte(dossiers):
    sources, sortie = dossiers
    (liste,) = [carnets_tp.carnets(sources, sortie)]
    assert [(c.nom, c.cible) for c in liste] == [("essai", sortie / "essai.ipynb")]
    assert len(carnets_tp.empreinte(sources / "essai.py")) == 64


def test_lire_source_declarations_et_citations(dossiers):
    sources, _ = dossiers
    nb = carnets_tp.lire_source(sources / "essai.py")
    assert [c.cell_type for c in nb.cells] == ["markdown", "code"]
    assert carnets_tp.resultats_declares(nb) == {"reponse": "reponse"}
    assert carnets_tp.citations(nb) == ["essai"]


def test_source_absente_ou_sans_code(tmp_path):
    with pytest.raises(carnets_tp.ErreurCarnet, match="introuvable"):
        carnets_tp.lire_source(tmp_path / "absent.py")
    (tmp_path / "vide.py").write_text("# %% [markdown]\n# Rien\n", encoding="utf-8")
    with pytest.raises(carnets_tp.ErreurCarnet, match="aucune cellule de code"):
        carnets_tp.lire_source(tmp_path / "vide.py")


def test_carnet_inconnu():
    with pytest.raises(carnets_tp.ErreurCarnet, match="inconnu"):
        carnets_tp.carnet("pas-un-carnet")


def test_profil_inconnu(dossiers):
    sources, _ = dossiers
    with pytest.raises(ValueError, match="profil"):
        carnets_tp.executer_carnet(sources / "essai.py", "moyen")


def test_perimes(dossiers):
    sources, sortie = dossiers
    (essai,) = carnets_tp.carnets(sources, sortie)
    assert carnets_tp.perimes([essai])[0][1] == "jamais construit"
    _faux_carnet(essai.cible, {"empreinte_source": "0" * 64, "profil": "complet"})
    assert "source a changé" in carnets_tp.perimes([essai])[0][1]
    _faux_carnet(essai.cible, {"empreinte_source": carnets_tp.empreinte(essai.source),
                               "profil": "rapide"})
    assert "profil rapide" in carnets_tp.perimes([essai])[0][1]
    _faux_carnet(essai.cible, {"empreinte_source": carnets_tp.empreinte(essai.source),
                               "profil": "complet", "resultats": {"reponse": 42}})
    assert carnets_tp.perimes([essai]) == []
    assert carnets_tp.executions(sortie) == {"essai": carnets_tp.lire_metadonnees(essai.cible)}
    assert carnets_tp.lire_metadonnees(sortie / "absent.ipynb") == {}


def test_nettoyer_sorties():
    sorties = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text=(
            "E0000 00:00:1795363770.659448   15158 cuda_platform.cc:52] failed call to cuInit\n")),
        nbformat.v4.new_output("stream", name="stderr", text="vrai avertissement\n"),
    ]
    propres = carnets_tp._nettoyer_sorties(sorties)
    assert [(o.name, o.text) for o in propres] == [("stdout", "a\nb\n"),
                                                   ("stderr", "vrai avertissement\n")]


def test_ecrire_carnet(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titre", id="c1")])
    chemin = carnets_tp.ecrire_carnet(nb, tmp_path / "sous" / "x.ipynb")
    assert json.loads(chemin.read_text(encoding="utf-8"))["cells"][0]["source"] == ["# Titre"]
    assert chemin.read_text(encoding="utf-8").endswith("\n")


def test_executer_carnet(dossiers):
    """Un noyau neuf exécute la source ; résultats relevés, marques remplacées, solution repliée."""
    sources, _ = dossiers
    nb = carnets_tp.executer_carnet(sources / "essai.py", "rapide")
    meta = nb.metadata[carnets_tp.CLE]
    assert meta["resultats"] == {"reponse": 42}
    assert meta["profil"] == "rapide" and meta["citations"] == {}
    assert nb.cells[0].source.endswith("La réponse vaut 42.")
    solution = nb.cells[1]
    assert solution.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert solution.outputs[0].text == "42\n"
    assert [c.id for c in nb.cells] == ["cellule-01", "cellule-02"]


def test_une_cellule_qui_echoue(tmp_path):
    source = tmp_path / "faux.py"
    source.write_text("# %%\n1 / 0\n", encoding="utf-8")
    with pytest.raises(carnets_tp.ErreurCarnet, match="ZeroDivisionError"):
        carnets_tp.executer_carnet(source, "rapide")


def test_citations_circulaires(tmp_path):
    for nom, autre in (("a", "b"), ("b", "a")):
        (tmp_path / f"{nom}.py").write_text(
            f"# %% [markdown]\n# {{{{ resultat {autre}.x }}}}\n\n# %%\nx = 1\n", encoding="utf-8")
    with pytest.raises(carnets_tp.ErreurCarnet, match="circulaires"):
        carnets_tp._ordre(carnets_tp.carnets(tmp_path, tmp_path))


def test_make_figures_construit_aussi_les_carnets(monkeypatch):
    from dlcourse.machinerie import figures

    appels = []
    monkeypatch.setattr(figures, "construire",
                        lambda liste, forcer: appels.append(("pages", liste)))
    monkeypatch.setattr(carnets_tp, "construire", lambda forcer: appels.append(("carnets", forcer)))
    figures.main([])
    assert appels == [("pages", None), ("carnets", False)]
    appels.clear()
    figures.main(["docs/index.md"])  # une page nommée : pas les carnets
    assert [quoi for quoi, _ in appels] == ["pages"]
