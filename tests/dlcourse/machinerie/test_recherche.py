"""Tests de dlcourse.machinerie.recherche : l'index trouve les mots avec ou sans accents."""

from __future__ import annotations

import json

import pytest

from dlcourse.machinerie import recherche


def test_sans_accents_et_mots_replies():
    assert recherche.sans_accents("Rétropropagation, époque, ça, cœur") == (
        "Retropropagation, epoque, ca, cœur")
    assert recherche.mots_replies("<p>L'époque de la <code>rétropropagation</code> : "
                                  "époque, keras</p>") == ["epoque", "retropropagation"]


def test_enrichir_index(tmp_path):
    index = {"config": {}, "docs": [{"location": "a.html", "title": "Éléments",
                                     "text": "Une époque."}, {"location": "b.html", "title": "B",
                                                              "text": "keras"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}", encoding="utf-8")
    recherche.enrichir_index(tmp_path)
    lu = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert lu["docs"][0]["text"] == "Une époque. <span hidden> elements epoque </span>"
    assert lu["docs"][0]["title"] == "Éléments"  # le titre affiché ne change pas
    assert lu["docs"][0][recherche.CHAMP_TITRE_SANS_ACCENTS] == "elements"
    assert lu["docs"][1]["text"] == "keras"
    assert recherche.CHAMP_TITRE_SANS_ACCENTS not in lu["docs"][1]
    assert lu["config"]["fields"][recherche.CHAMP_TITRE_SANS_ACCENTS] == {
        "boost": recherche.POIDS_TITRE_SANS_ACCENTS}
    js = (tmp_path / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(js.removeprefix("var __index = ")) == lu
    with pytest.raises(ValueError, match="docs"):
        recherche.enrichir({"config": {}})
    with pytest.raises(FileNotFoundError, match="index de recherche"):
        recherche.enrichir_index(tmp_path / "vide")
