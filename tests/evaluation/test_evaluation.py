"""La partie 7 « Évaluation et amélioration » : les promesses des pages.

Pages : docs/evaluation/*.md ; extraits : snippets/evaluation/. Le code des
pages (donc de chaque section d'extrait incluse) s'exécute dans
tests/test_pages.py, chemin par chemin ; ici, on vérifie que la dernière
exécution complète (resultats.json) dit bien ce que la prose affirme.
"""

from __future__ import annotations

import re

import pytest

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PARTIE = DOSSIER_DOCS / "evaluation"
ONGLETS = ["Keras", "PyTorch"]


def _resultats(page: str, onglet: str) -> dict:
    rapport = lire_resultats(PARTIE / page)[onglet]
    assert rapport["profil"] == "complet"
    return rapport["resultats"]


@pytest.mark.parametrize("onglet", ONGLETS)
def test_metriques(onglet):
    r = _resultats("metriques.md", onglet)
    assert r["n_test"] == 10000 and r["n_parametres"] == 784 * 128 + 128 + 128 * 10 + 10
    assert r["exactitude_test"] > 0.83
    # Une seule étiquette par exemple : le F1 micro est l'exactitude.
    assert r["f1_micro"] == pytest.approx(r["exactitude_test"])
    # La prose : la chemise est la classe la plus difficile, le F1 varie beaucoup.
    assert r["pire_classe"] == "Chemise"
    assert r["f1_meilleure_classe"] - r["f1_pire_classe"] > 0.2


@pytest.mark.parametrize("onglet", ONGLETS)
def test_regularisation(onglet):
    r = _resultats("regularisation.md", onglet)
    assert (r["n_entrainement"], r["n_validation"]) == (1500, 5000)
    assert (r["n_parametres_base"], r["n_parametres_normalisation"],
            r["n_parametres_minuscule"]) == (269322, 269322 + 1024, 1606)
    # Surapprentissage : entraînement bien au-dessus de la validation, perte de
    # validation qui remonte après son minimum.
    assert r["entrainement_base"] > r["val_base"] + 0.05
    assert r["perte_val_finale_base"] > r["perte_val_min_base"]
    # Sous-apprentissage : le modèle minuscule est mauvais partout.
    assert r["entrainement_minuscule"] < 0.6 and r["val_minuscule"] < 0.6
    # Chaque variante a son exactitude de validation, proche des autres.
    variantes = [r[f"val_{nom}"] for nom in
                 ("base", "l2", "dropout", "normalisation", "arret", "augmentation")]
    assert all(0.75 < v < 0.9 for v in variantes)
    assert max(variantes) - min(variantes) < 0.05
    assert 1 <= r["meilleure_epoque_arret"] <= r["epoques_arret"] <= 15


@pytest.mark.parametrize("onglet", ONGLETS)
def test_hyperparametres(onglet):
    r = _resultats("hyperparametres.md", onglet)
    assert (r["n_entrainement"], r["n_test"], r["n_parametres"], r["n_candidats"]) == (
        3000, 1000, 1231, 4)
    assert r["meilleur_r2"] > 0.6
    # La prose : avec dix époques, le plus grand des deux taux l'emporte.
    assert r["meilleur_taux"] == pytest.approx(1e-2)
    # La prose : le taux conseillé par le test de plage est de l'ordre de 1e-2.
    assert 10 ** -2.5 <= r["taux_conseille"] <= 10 ** -1.5
    assert r["taux_conseille"] == pytest.approx(r["taux_minimum"] / 10)


@pytest.mark.parametrize("onglet", ONGLETS)
def test_transfert_bat_l_entrainement_de_zero(onglet):
    r = _resultats("transfert.md", onglet)
    assert (r["n_peu"], r["n_validation"]) == (100, 1000)
    assert r["n_source"] > 30000 and r["n_test"] > 4000
    assert (r["n_parametres_base"], r["n_parametres_entraines"]) == (4800, 51589)
    assert r["exactitude_transfert"] > r["exactitude_zero"] + 0.03
    assert r["val_transfert_epoque_1"] > r["val_zero_epoque_1"]


def test_l_index_presente_chaque_chapitre():
    index = (PARTIE / "index.md").read_text(encoding="utf-8")
    liens = set(re.findall(r"\]\(([\w-]+\.md)\)", index))
    pages = {p.name for p in PARTIE.glob("*.md")} - {"index.md"}
    assert pages <= liens, f"chapitres absents de l'index : {pages - liens}"
