"""Tests de dlcourse.machinerie.figures : déclarations, empreintes, péremption, construction."""

from __future__ import annotations

import json
import textwrap

import pytest

from dlcourse.machinerie import figures

PAGE = textwrap.dedent('''\
    ---
    execution:
      Calcul:
        figures:
          - fichier: courbe.png
            alt: "Une droite"
        resultats:
          total: total
    ---
    # Essai

    === "Calcul"

        ```python
        import matplotlib.pyplot as plt
        total = sum(range(4))
        plt.plot([0, total])
        plt.show()
        ```
    ''')


@pytest.fixture
def docs(tmp_path, monkeypatch):
    dossier = tmp_path / "docs"
    (dossier / "partie").mkdir(parents=True)
    page = dossier / "partie" / "essai.md"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(figures, "DOSSIER_DOCS", dossier)
    monkeypatch.setattr(figures, "pages", lambda: [page])
    return page


def test_cibles_lit_l_entete(docs):
    (cible,) = figures.cibles()
    assert cible.onglet == "Calcul"
    assert cible.demande.figures == [figures.Figure("courbe.png", "Une droite")]
    assert cible.demande.resultats == {"total": "total"}
    assert cible.dossier == docs.with_suffix("")
    assert cible.nom == "partie/essai.md [Calcul]"


def test_l_empreinte_suit_le_code(docs):
    (cible,) = figures.cibles()
    avant = figures.empreinte(cible)
    assert avant == figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("range(4)", "range(5)"), encoding="utf-8")
    assert figures.empreinte(figures.cibles()[0]) != avant


def test_l_empreinte_suit_les_modules_dlcourse_importes(docs):
    avant = figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("import matplotlib.pyplot as plt",
                                 "import matplotlib.pyplot as plt\n    import dlcourse.aides.courbes"),
                    encoding="utf-8")
    (cible,) = figures.cibles()
    assert figures.empreinte(cible) != avant


def test_construire_puis_plus_rien_a_faire(docs, monkeypatch):
    appels = []

    def executer(demande, profil, dossier):
        appels.append(profil)
        (dossier / "courbe.png").parent.mkdir(parents=True, exist_ok=True)
        (dossier / "courbe.png").write_bytes(b"\x89PNG")
        return {"profil": profil, "duree_s": 0.1, "resultats": {"total": 6},
                "figures": [{"fichier": "courbe.png", "alt": "Une droite"}]}

    monkeypatch.setattr(figures, "executer_dans_un_processus", executer)
    assert [c for c, _ in figures.perimees()] and "jamais" in figures.perimees()[0][1]
    assert len(figures.construire(afficher=lambda _: None)) == 1
    assert appels == ["complet"]
    enregistre = json.loads((docs.with_suffix("") / "resultats.json").read_text())
    assert enregistre["page"] == "partie/essai.md"
    assert enregistre["executions"]["Calcul"]["resultats"] == {"total": 6}
    assert figures.perimees() == []
    assert figures.construire(afficher=lambda _: None) == []  # à jour : sauté
    assert len(figures.construire(forcer=True, afficher=lambda _: None)) == 1
    docs.write_text(PAGE.replace("range(4)", "range(5)"), encoding="utf-8")
    assert "le code a changé" in figures.perimees()[0][1]


def test_une_figure_absente_rend_la_page_perimee(docs, monkeypatch):
    monkeypatch.setattr(figures, "executer_dans_un_processus", lambda d, p, dossier: {
        "profil": p, "duree_s": 0, "resultats": {}, "figures": []})
    figures.construire(afficher=lambda _: None)
    assert "courbe.png" in figures.perimees()[0][1]


def test_entete_mal_forme(docs):
    docs.write_text(PAGE.replace('execution:\n  Calcul:', 'execution:\n  Absent:'),
                    encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="'Absent', absent de la page"):
        figures.cibles()
    docs.write_text(PAGE.replace('alt: "Une droite"', 'alt: " "'), encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="texte alternatif vide"):
        figures.cibles()
    docs.write_text(PAGE.replace('        alt: "Une droite"\n', ''), encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="« fichier » et « alt »"):
        figures.cibles()


def test_construction_reelle_en_processus_separe(docs, monkeypatch):
    monkeypatch.setattr(figures, "executer_dans_un_processus",
                        lambda demande, profil, dossier: __import__(
                            "dlcourse.machinerie.execution", fromlist=["x"]).executer_dans_un_processus(
                                demande, "rapide", dossier))
    (cible,) = figures.construire(afficher=lambda _: None)
    rapport = figures.lire_resultats(docs)["Calcul"]
    assert rapport["resultats"] == {"total": 6}
    assert (cible.dossier / "courbe.png").read_bytes().startswith(b"\x89PNG")
    assert rapport["empreinte"] == figures.empreinte(cible)


def test_l_empreinte_ignore_la_documentation_des_modules(docs, tmp_path, monkeypatch):
    module = tmp_path / "racine" / "dlcourse" / "outil.py"
    module.parent.mkdir(parents=True)
    module.write_text('"""Doc."""\n\ndef f():\n    """Doc."""\n    return 1  # note\n')
    monkeypatch.setattr(figures, "RACINE", tmp_path / "racine")
    docs.write_text(PAGE.replace("total = sum", "import dlcourse.outil\n    total = sum"),
                    encoding="utf-8")
    avant = figures.empreinte(figures.cibles()[0])
    module.write_text('"""Autre doc."""\n\ndef f():\n    """Autre."""\n    return 1\n')
    assert figures.empreinte(figures.cibles()[0]) == avant
    module.write_text('"""Autre doc."""\n\ndef f():\n    return 2\n')
    assert figures.empreinte(figures.cibles()[0]) != avant


def test_le_chemin_commun_execute_les_blocs_hors_onglets(docs):
    """« commun » désigne les blocs hors onglets : le chemin d'une page sans onglets."""
    docs.write_text(textwrap.dedent('''\
        ---
        execution:
          commun:
            resultats:
              total: total
        ---
        # Sans onglets

        ```python
        total = sum(range(4))
        ```

        === "Keras"

            ```python
            seulement_keras = 1
            ```
        '''), encoding="utf-8")
    (cible,) = figures.cibles()
    assert cible.onglet == figures.COMMUN
    assert cible.demande.blocs == ["total = sum(range(4))\n"]
    assert cible.nom == "partie/essai.md [commun]"
