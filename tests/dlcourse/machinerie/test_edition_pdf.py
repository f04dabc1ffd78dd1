"""Ce que contient chaque édition PDF, et le ``requirements.txt`` du paquet hors ligne.

Sans navigateur : le PDF lui-même est vérifié par ``tests/site/test_pdf.py``.
"""

from __future__ import annotations

import json

import pytest

from dlcourse.machinerie import edition_pdf, paquet
from dlcourse.machinerie.pages import pages_du_menu


@pytest.mark.parametrize("nom", sorted(edition_pdf.EDITIONS))
def test_les_pages_de_l_edition_suivent_le_menu(nom):
    pages = edition_pdf.entrees(nom)
    relatifs = [e.relatif for e in pages]
    menu = [p for p in pages_du_menu() if p in {e.source for e in pages}]
    assert [e.source for e in pages] == menu, "l'ordre du menu"
    for hors in edition_pdf.HORS_EDITION:
        assert hors not in relatifs
    # Les pages sans onglets du cours vont dans les deux éditions.
    for commune in ("tensorflow/index.md", "pytorch/index.md", "environnement/installation.md",
                    "conclusion/questions.md", "glossaire.md"):
        assert commune in relatifs
    # Un carnet de TP ne va que dans l'édition de son framework.
    autre = "pytorch" if nom == "keras" else "keras"
    carnets = [r for r in relatifs if r.endswith(".ipynb")]
    assert carnets and all(r.endswith(f"-{nom}.ipynb") for r in carnets), carnets
    assert not any(r.endswith(f"-{autre}.ipynb") for r in relatifs)
    # Les parties numérotées du menu, chacune une fois, et des identifiants uniques.
    assert [e.titre for e in pages if e.est_partie][:2] == [
        "1. Introduction au deep learning", "2. Environnement de développement"]
    assert len({e.ident for e in pages}) == len(pages)


def test_petite_edition():
    pages = edition_pdf.entrees("keras", ["introduction/xor.md", "glossaire.md"])
    assert [(e.titre, e.partie) for e in pages] == [
        ("1.4 Le problème du XOR", "1. Introduction au deep learning"),
        ("Glossaire français–anglais", "Annexes")]


def test_metadonnees_de_la_page_de_titre():
    infos = edition_pdf.metadonnees("pytorch")
    assert {"torch", "numpy"} <= set(infos["versions"])
    assert "tensorflow" not in infos["versions"]
    assert infos["appareil"] != "inconnu" and infos["date_execution"]


def _carnet(dossier, nom, ligne):
    chemin = dossier / nom
    chemin.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["**Avant de commencer.** …\n\n```\n", ligne, "\n```"]},
        {"cell_type": "markdown", "source": ["Par exemple : pip install tensorflow==2.11.0"]},
    ]}), encoding="utf-8")
    return chemin


def test_requirements_reunit_les_versions_des_carnets(tmp_path):
    a = _carnet(tmp_path, "a.ipynb", "pip install numpy==2.4.6 torch==2.14.1")
    b = _carnet(tmp_path, "b.ipynb", "pip install numpy==2.4.6 keras==3.15.1")
    assert paquet.versions_des_carnets([a, b]) == ["keras==3.15.1", "numpy==2.4.6",
                                                   "torch==2.14.1"]
    c = _carnet(tmp_path, "c.ipynb", "pip install numpy==1.0.0")
    with pytest.raises(ValueError, match="numpy"):
        paquet.versions_des_carnets([a, c])


def test_lisezmoi_en_cinq_lignes():
    assert len(paquet.LISEZMOI.splitlines()) == 5
