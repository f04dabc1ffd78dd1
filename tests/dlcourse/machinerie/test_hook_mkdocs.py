"""Tests de dlcourse.machinerie.hook_mkdocs : le crochet qui insère résultats et figures."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from dlcourse.machinerie.hook_mkdocs import on_page_markdown
from dlcourse.machinerie.sorties import en_markdown

F = "\u202f"

ENTETE = {"execution": {
    "Keras": {"figures": [{"fichier": "keras-courbes.png", "alt": "Courbes Keras"}],
              "resultats": {"exactitude_test": "exactitude"}},
    "PyTorch": {"resultats": {"exactitude_test": "exactitude"}},
}}


@pytest.fixture
def page(tmp_path):
    """Une page ``docs/partie/essai.md`` et son ``docs/partie/essai/resultats.json``."""
    source = tmp_path / "docs" / "partie" / "essai.md"
    source.parent.mkdir(parents=True)
    source.write_text("# Essai\n", encoding="utf-8")
    (tmp_path / "docs" / "partie" / "essai").mkdir()
    (tmp_path / "docs" / "partie" / "essai" / "resultats.json").write_text(json.dumps({
        "page": "partie/essai.md",
        "executions": {
            "Keras": {"profil": "complet", "resultats": {"exactitude_test": 0.9781},
                      "versions": {"keras": "3.15.1"}},
            "PyTorch": {"profil": "complet", "resultats": {"exactitude_test": 0.9763}},
        },
    }), encoding="utf-8")
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(source),
                                                src_path="partie/essai.md",
                                                src_uri="partie/essai.md"),
                           meta=dict(ENTETE))


def test_remplace_resultats_et_figures(page):
    """Les marques de la page sont remplacées par les valeurs de ``resultats.json``."""
    markdown = ("Keras : {{ resultat Keras.exactitude_test pourcent }}, PyTorch : "
                "{{ resultat PyTorch.exactitude_test pourcent2 }} "
                "(Keras {{ resultat Keras.versions.keras }}).\n\n"
                "    {{ figure keras-courbes.png }}\n")
    assert on_page_markdown(markdown, page=page, config={}) == (
        f"Keras : 97,8{F}%, PyTorch : 97,63{F}% (Keras 3.15.1).\n\n"
        "    ![Courbes Keras](essai/keras-courbes.png)\n")


def test_pages_sans_marque_ou_sans_execution_inchangees(page):
    """Sans ``{{`` ou sans exécution déclarée dans l'en-tête, le Markdown est rendu tel quel."""
    assert on_page_markdown("# Rien à remplacer\n", page=page, config={}) == (
        "# Rien à remplacer\n")
    page.meta = {"title": "Autre"}
    texte = "{{ resultat Keras.exactitude_test }}"
    assert on_page_markdown(texte, page=page, config={}) == texte


def test_les_sorties_s_affichent_sous_leur_bloc(page, tmp_path):
    """Sous chaque bloc, la sortie enregistrée ; pas sous un doctest, qui montre déjà la sienne."""
    fichier = tmp_path / "docs" / "partie" / "essai" / "resultats.json"
    resultats = json.loads(fichier.read_text(encoding="utf-8"))
    resultats["executions"]["Keras"]["sorties"] = {"0": "bonjour", "1": "pas sous un doctest"}
    resultats["executions"]["PyTorch"]["sorties"] = {"0": "celle du second chemin"}
    fichier.write_text(json.dumps(resultats), encoding="utf-8")
    markdown = "# Essai\n\n```python\nprint('bonjour')\n```\n\n```python\n>>> 1\n1\n```\n"
    assert on_page_markdown(markdown, page=page, config={}) == (
        "# Essai\n\n```python\nprint('bonjour')\n```\n"
        + en_markdown("bonjour")
        + "\n\n```python\n>>> 1\n1\n```\n")


def test_un_resultat_absent_nomme_la_page(page):
    """Un résultat introuvable : PluginError qui nomme la page et la référence."""
    with pytest.raises(PluginError, match=r"partie/essai\.md : Keras\.perte : valeur "
                                          r"introuvable"):
        on_page_markdown("{{ resultat Keras.perte }}", page=page, config={})


def test_une_figure_non_declaree_nomme_la_page(page):
    """Une figure absente de l'en-tête : PluginError qui nomme la page et la figure."""
    with pytest.raises(PluginError, match=r"partie/essai\.md : figure pytorch-courbes\.png : "
                                          r"non déclarée"):
        on_page_markdown("{{ figure pytorch-courbes.png }}", page=page, config={})


def test_un_format_inconnu_nomme_la_page(page):
    """Un format inconnu : PluginError qui nomme la page et le format."""
    with pytest.raises(PluginError, match=r"partie/essai\.md : format 'virgule' inconnu"):
        on_page_markdown("{{ resultat Keras.exactitude_test virgule }}", page=page, config={})


def test_page_jamais_construite(page, tmp_path):
    """Sans ``resultats.json`` : PluginError qui demande de lancer « make figures »."""
    (tmp_path / "docs" / "partie" / "essai" / "resultats.json").unlink()
    with pytest.raises(PluginError, match=r"partie/essai\.md : Keras\.exactitude_test : aucun "
                                          r"résultat .*onglets construits : aucun ; "
                                          r"lancez « make figures »"):
        on_page_markdown("{{ resultat Keras.exactitude_test }}", page=page, config={})


def test_carnets_publies_et_liens_sous_le_titre(tmp_path):
    """on_files ajoute un carnet par chemin ; on_page_markdown met les liens sous le titre."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    from dlcourse.machinerie import hook_mkdocs

    docs = tmp_path / "docs"
    (docs / "partie").mkdir(parents=True)
    (docs / "partie" / "page.md").write_text(
        '# Titre\n\n=== "Keras"\n\n    ```python\n    x = 1\n    ```\n\n'
        '=== "PyTorch"\n\n    ```python\n    x = 2\n    ```\n', encoding="utf-8")
    (docs / "prose.md").write_text("# Prose seule\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "essai", "docs_dir": str(docs),
                      "site_dir": str(tmp_path / "site")})
    assert not config.validate()[0]
    config.plugins._current_plugin = "hooks"  # ce que MkDocs fixe pendant un événement
    fichiers = Files([File(nom, str(docs), str(tmp_path / "site"), False)
                      for nom in ("partie/page.md", "prose.md")])
    fichiers = hook_mkdocs.on_files(fichiers, config=config)
    ajoutes = {f.src_uri: f.content_string for f in fichiers if f.src_uri.endswith(".ipynb")}
    assert set(ajoutes) == {"carnets/partie/page-keras.ipynb", "carnets/partie/page-pytorch.ipynb"}
    assert json.loads(ajoutes["carnets/partie/page-keras.ipynb"])["cells"][-1]["source"] == [
        "x = 1\n"]
    page = SimpleNamespace(file=SimpleNamespace(src_uri="partie/page.md",
                                                abs_src_path=str(docs / "partie" / "page.md")),
                           meta={})
    rendu = on_page_markdown("# Titre\n\nTexte.\n", page=page, config=config)
    lignes = rendu.split("\n")
    assert lignes[0] == "# Titre" and lignes[2].startswith("Exécuter cette page chez vous")
    assert "(../carnets/partie/page-keras.ipynb)" in lignes[2]
    assert 'download="page-pytorch.ipynb"' in lignes[2]
    assert lignes[-3:] == ["", "Texte.", ""]
    sans = SimpleNamespace(file=SimpleNamespace(src_uri="prose.md",
                                                abs_src_path=str(docs / "prose.md")), meta={})
    assert on_page_markdown("# Prose seule\n", page=sans, config=config) == "# Prose seule\n"


def _png(largeur: int, hauteur: int = 10) -> bytes:
    import struct
    import zlib

    def bloc(nature: bytes, donnees: bytes) -> bytes:
        return (struct.pack(">I", len(donnees)) + nature + donnees
                + struct.pack(">I", zlib.crc32(nature + donnees)))

    lignes = b"".join(b"\x00" + b"\xff" * largeur for _ in range(hauteur))
    return (b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", struct.pack(">IIBBBBB", largeur, hauteur,
                                                              8, 0, 0, 0, 0))
            + bloc(b"IDAT", zlib.compress(lignes)) + bloc(b"IEND", b""))


def test_les_figures_restent_lisibles_sur_telephone(tmp_path):
    """Chaque PNG (fichier ou ``data:``) reçoit sa largeur naturelle et sa largeur lisible."""
    import base64

    from dlcourse.machinerie.hook_mkdocs import figures_lisibles_sur_telephone, largeur_png

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "courbes.png").write_bytes(_png(640))
    assert largeur_png(_png(500)[:24]) == 500
    assert largeur_png(b"GIF89a" + b"\x00" * 20) is None
    incorporee = "data:image/png;base64," + base64.b64encode(_png(500)).decode()
    html = (f'<p><img alt="a" src="page/courbes.png" /></p><img src="{incorporee}">'
            '<img src="schema.svg"><img src="absente.png"><img src="https://x.org/a.png">')
    resultat = figures_lisibles_sur_telephone(html, tmp_path)
    # 10 points à 100 ppp font 13,9 px : à 466 px affichés sur 640, 10,1 px.
    assert ('<span class="figure-lisible" style="--naturelle: 640px; --lisible: 466px">'
            '<img alt="a" src="page/courbes.png" /></span>') in resultat
    assert '--naturelle: 500px; --lisible: 364px"><img src="data:image/png' in resultat
    assert resultat.count("figure-lisible") == 2, "SVG, image absente ou lointaine : intactes"
