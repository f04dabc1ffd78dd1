"""Tests de dlcourse.machinerie.carnets_tp : lire, exécuter, dater et écrire les carnets des TP.

Un carnet est une cible de la construction comme un chemin de page : il
s'exécute dans un enfant d'un serveur d'exécution (ici, ceux de la session :
fixture ``serveurs``) et suit la même règle d'empreinte
(`dlcourse.machinerie.figures`).
"""

from __future__ import annotations

import json

import nbformat
import pytest

from dlcourse.donnees.profils import ErreurProfil
from dlcourse.machinerie import carnets_tp, figures, serveur

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

RAPPORT = {
    "profil": "complet", "date": "2026-01-01T00:00:00+00:00", "duree_s": 0.1,
    "duree_cpu_s": 0.1, "appareil": "CPU (2 cœurs, x86_64)", "versions": {"python": "3.11"},
    "donnees": [], "resultats": {"reponse": 42}, "sorties": {"0": "42\n"},
}
"""Le rapport d'une exécution complète de ``SOURCE``, tel que l'enregistre la construction."""


@pytest.fixture
def dossiers(tmp_path):
    """Un dossier de sources avec ``essai.py`` et un dossier de carnets vide."""
    sources, sortie = tmp_path / "sources", tmp_path / "carnets"
    sources.mkdir()
    sortie.mkdir()
    (sources / "essai.py").write_text(SOURCE, encoding="utf-8")
    return sources, sortie


@pytest.fixture
def livre(dossiers, monkeypatch):
    """Les carnets du livre sont ceux de ``dossiers`` (sources et carnets publiés)."""
    sources, sortie = dossiers
    tous = carnets_tp.carnets
    monkeypatch.setattr(carnets_tp, "DOSSIER_CARNETS", sortie)
    monkeypatch.setattr(carnets_tp, "carnets", lambda dossier_sources=sources,
                        dossier_carnets=sortie: tous(dossier_sources, dossier_carnets))
    (essai,) = carnets_tp.carnets()
    return essai


def _cible(essai) -> figures.Cible:
    (cible,) = [c for c in figures.cibles_des_carnets() if c.page == essai.source]
    return cible


def _publier(essai, rapport=RAPPORT) -> None:
    """Écrit le carnet publié comme le ferait une construction complète de la source actuelle."""
    empreinte = figures.empreinte_du_code(carnets_tp.demande_du_carnet(essai.source))
    nb = carnets_tp.assembler_carnet(essai.source, rapport, empreinte,
                                     carnets_tp.executions(essai.cible.parent))
    essai.cible.write_text(carnets_tp.ecrire(nb), encoding="utf-8")


def _faux_carnet(chemin, meta):
    nb = nbformat.v4.new_notebook()
    nb.metadata[carnets_tp.CLE] = meta
    chemin.write_text(nbformat.writes(nb), encoding="utf-8")


# -- sources -----------------------------------------------------------------

def test_carnets_et_demande(dossiers):
    sources, sortie = dossiers
    liste = carnets_tp.carnets(sources, sortie)
    assert [(c.nom, c.cible) for c in liste] == [("essai", sortie / "essai.ipynb")]
    demande = carnets_tp.demande_du_carnet(sources / "essai.py")
    assert demande.nom == "tp/essai" and demande.page is None
    assert demande.cellules == ["reponse = 6 * 7\nprint(reponse)"]
    assert demande.resultats == {"reponse": "reponse"}
    assert demande.frameworks == []  # aucun framework importé : le serveur sans framework
    assert len(figures.empreinte_du_code(demande)) == 64


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
    with pytest.raises(carnets_tp.ErreurCarnet, match="'pas-un-carnet' inconnu ; carnets : cnn-"):
        carnets_tp.carnet("pas-un-carnet")


def test_les_carnets_du_livre_sont_des_cibles_de_la_construction():
    """Chaque source de ``snippets/tp`` est une cible « carnet » : même demande, même empreinte."""
    cibles = figures.cibles_des_carnets()
    assert [c.page for c in cibles] == [c.source for c in carnets_tp.carnets()]
    for cible in cibles:
        assert cible.est_carnet and cible.dossier == carnets_tp.DOSSIER_CARNETS
        assert cible.nom == f"tp/{cible.page.stem}.ipynb"
        assert cible.demande == carnets_tp.demande_du_carnet(cible.page)


# -- péremption : la règle des pages -----------------------------------------

def test_perimes(livre):
    essai = livre
    assert carnets_tp.perimes([essai]) == [(essai, "jamais construite")]
    _faux_carnet(essai.cible, {"empreinte": "0" * 64, "profil": "complet"})
    assert carnets_tp.perimes([essai])[0][1] == "le code a changé depuis la dernière construction"
    _publier(essai, {**RAPPORT, "profil": "rapide"})
    assert carnets_tp.perimes([essai])[0][1] == "construite avec le profil rapide"
    _publier(essai)
    assert carnets_tp.perimes([essai]) == [] == carnets_tp.perimes()
    assert carnets_tp.executions(essai.cible.parent) == {
        "essai": carnets_tp.lire_metadonnees(essai.cible)}
    assert carnets_tp.lire_metadonnees(essai.cible.parent / "absent.ipynb") == {}


def test_une_prose_changee_se_reassemble_sans_execution(livre):
    """Seule la prose change : ``a_reassembler`` le dit, ``raison_de_reconstruire`` ne dit rien."""
    essai = livre
    _publier(essai)
    essai.source.write_text(SOURCE.replace("# # Essai", "# # Essai, titre revu"),
                            encoding="utf-8")
    cible = _cible(essai)
    assert figures.raison_de_reconstruire(cible) is None
    assert figures.a_reassembler(cible) == (
        "la prose de la source a changé (carnet à réécrire, sans exécution)")
    assert carnets_tp.perimes([essai]) == [(essai, figures.a_reassembler(cible))]


def test_un_code_change_se_reconstruit(livre):
    """Le code d'une cellule change : ``raison_de_reconstruire`` dit que le code a changé."""
    essai = livre
    _publier(essai)
    essai.source.write_text(SOURCE.replace("6 * 7", "7 * 6"), encoding="utf-8")
    assert figures.raison_de_reconstruire(_cible(essai)) == (
        "le code a changé depuis la dernière construction")


def test_construire_execute_puis_reassemble_seulement(livre, serveurs, monkeypatch,
                                                      machine_au_repos):
    """``construire`` exécute le carnet (serveurs de la session), puis réécrit la seule prose."""
    essai = livre
    executees = []

    class Emprunt:
        def executer(self, demande, profil, dossier):
            executees.append((demande.nom, profil))
            return serveurs.executer(demande, profil, dossier, delai=120)

        def fermer(self):
            pass

    monkeypatch.setattr(serveur, "Serveurs", Emprunt)
    monkeypatch.setattr(figures, "pages", lambda: [])  # un livre sans page : le carnet seul
    assert [c.nom for c in figures.construire(afficher=lambda _: None)] == ["tp/essai.ipynb"]
    assert executees == [("tp/essai", "complet")]
    nb = nbformat.read(essai.cible, as_version=4)
    assert nb.metadata[carnets_tp.CLE]["resultats"] == {"reponse": 42}
    assert nb.cells[-1].outputs[0].text.strip() == "42"
    assert figures.perimees() == []
    essai.source.write_text(SOURCE.replace("La réponse vaut", "La réponse est"),
                            encoding="utf-8")
    assert figures.construire(afficher=lambda _: None) == []
    assert executees == [("tp/essai", "complet")]  # pas de nouvelle exécution
    nb = nbformat.read(essai.cible, as_version=4)
    assert nb.cells[0].source.endswith("La réponse est 42.")
    assert nb.cells[-1].outputs[0].text.strip() == "42"  # sorties enregistrées gardées
    assert figures.perimees() == []
    assert not list(essai.cible.parent.glob("*.provisoire"))


# -- assemblage --------------------------------------------------------------

def test_sorties_sans_journaux_natifs():
    """``_sorties`` : le texte écrit sans journaux C++ de TensorFlow, les figures, la valeur."""
    rapport = {
        "sorties": {"0": (
            "a\n"
            "E0000 00:00:1795363770.659448   15158 cuda_platform.cc:52] failed call to cuInit\n"
            "WARNING: All log messages before absl::InitializeLog() is called are written to "
            "STDERR\n"
            "b\nvrai avertissement\n"),
            "1": "I0000 00:00:1795779715.258564   19113 cudart_stub.cc:31] Could not find\n"},
        "images": {"0": ["iVBORw0KGgo="]},
        "valeurs": {"0": "42"},
    }
    sorties = carnets_tp._sorties(rapport, 0)
    assert [s.output_type for s in sorties] == ["stream", "display_data", "execute_result"]
    assert (sorties[0].name, sorties[0].text) == ("stdout", "a\nb\nvrai avertissement\n")
    assert sorties[1].data["image/png"] == "iVBORw0KGgo="
    assert sorties[2].data == {"text/plain": "42"} and sorties[2].execution_count == 1
    assert carnets_tp._sorties(rapport, 1) == []  # rien que du journal : aucune sortie
    assert carnets_tp._sorties({}, 0) == []


def test_assembler_puis_relire_le_rapport(dossiers):
    """Le rapport relu dans un carnet publié redonne ses sorties et ses métadonnées."""
    sources, sortie = dossiers
    nb = carnets_tp.assembler_carnet(sources / "essai.py", RAPPORT, "e" * 64)
    chemin = carnets_tp.ecrire_carnet(nb, sortie / "essai.ipynb")
    relu = carnets_tp.rapport_enregistre(chemin)
    assert relu["sorties"] == {"0": "42\n"} and relu["images"] == {} and relu["valeurs"] == {}
    assert relu["empreinte"] == "e" * 64 and relu["resultats"] == {"reponse": 42}
    assert relu["date"] == RAPPORT["date"] and relu["profil"] == "complet"


def test_ecrire_carnet(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Titre", id="c1")])
    chemin = carnets_tp.ecrire_carnet(nb, tmp_path / "sous" / "x.ipynb")
    assert json.loads(chemin.read_text(encoding="utf-8"))["cells"][0]["source"] == ["# Titre"]
    assert chemin.read_text(encoding="utf-8").endswith("\n")
    assert carnets_tp.ecrire(nb) == chemin.read_text(encoding="utf-8")


def test_citations_circulaires(tmp_path):
    for nom, autre in (("a", "b"), ("b", "a")):
        (tmp_path / f"{nom}.py").write_text(
            f"# %% [markdown]\n# {{{{ resultat {autre}.x }}}}\n\n# %%\nx = 1\n", encoding="utf-8")
    with pytest.raises(carnets_tp.ErreurCarnet, match="circulaires"):
        carnets_tp._ordre(carnets_tp.carnets(tmp_path, tmp_path))


# -- exécution ---------------------------------------------------------------

def test_profil_inconnu(dossiers):
    sources, _ = dossiers
    with pytest.raises(ErreurProfil, match="profil : 'moyen' inconnu"):
        carnets_tp.executer_carnet(sources / "essai.py", "moyen")


def test_executer_carnet(dossiers, serveurs):
    """Un enfant neuf exécute la source : résultats, marques remplacées, solution repliée."""
    sources, _ = dossiers
    nb = carnets_tp.executer_carnet(sources / "essai.py", "rapide", serveurs=serveurs)
    meta = nb.metadata[carnets_tp.CLE]
    assert meta["resultats"] == {"reponse": 42}
    assert meta["profil"] == "rapide" and meta["citations"] == {}
    assert meta["empreinte"] == figures.empreinte_du_code(
        carnets_tp.demande_du_carnet(sources / "essai.py"))
    assert nb.cells[0].source.endswith("La réponse vaut 42.")
    (solution,) = [c for c in nb.cells if c.cell_type == "code"]
    assert solution.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert solution.outputs[0].text.strip() == "42"
    assert [c.id for c in nb.cells] == [f"cellule-{i:02d}" for i in range(1, len(nb.cells) + 1)]
    nbformat.validate(nb)


def test_une_cellule_qui_echoue(tmp_path, serveurs):
    source = tmp_path / "faux.py"
    source.write_text("# %%\nx = 1\n\n# %%\n1 / 0\n", encoding="utf-8")
    with pytest.raises(carnets_tp.ErreurCarnet,
                       match=r"faux\.py \(rapide\) : la cellule de code 2 a échoué :\n"
                             r"(.|\n)*ZeroDivisionError"):
        carnets_tp.executer_carnet(source, "rapide", serveurs=serveurs)
