"""Tests de dlcourse.machinerie.carnets : une page devient un carnet par chemin de lecture."""

from __future__ import annotations

import json
import textwrap

import nbformat
import pytest

from dlcourse.machinerie import carnets
from dlcourse.machinerie.pages import code_du_chemin

PAGE = textwrap.dedent('''\
    ---
    title: Essai
    ---

    # Une page d'essai

    Un texte commun avec une formule $x^2$.

    ```python
    import math
    ```

    === "Keras"

        Texte Keras.

        ```python
        cadre = "keras"
        ```

        {{ figure keras-courbes.png }}

    === "PyTorch"

        Texte PyTorch.

        ```python
        cadre = "torch"
        ```

    !!! tip "Une astuce"

        Le contenu de l'astuce.

    === "Linux"

        ```bash
        pip install keras
        ```

    ??? success "Solution"

        === "Keras"

            ```python
            >>> len(cadre)
            5
            ```

        === "PyTorch"

            ```python
            >>> len(cadre)
            5
            ```
    ''')


@pytest.fixture
def page(tmp_path):
    chemin = tmp_path / "essai.md"
    chemin.write_text(PAGE, encoding="utf-8")
    return chemin


def test_chemins(page, tmp_path):
    """Un carnet par onglet qui a du code ; un seul sans onglets ; aucun sans code."""
    assert carnets.chemins(page) == ["Keras", "PyTorch"]
    simple = tmp_path / "simple.md"
    simple.write_text("# Simple\n\n```python\nx = 1\n```\n", encoding="utf-8")
    assert carnets.chemins(simple) == [None]
    prose = tmp_path / "prose.md"
    prose.write_text("# Prose\n\n```bash\nls\n```\n", encoding="utf-8")
    assert carnets.chemins(prose) == []


def test_nom_du_carnet():
    assert carnets.nom_du_carnet("entrainement/mnist-mlp.md", "Keras") == (
        "carnets/entrainement/mnist-mlp-keras.ipynb")
    assert carnets.nom_du_carnet("outils/numpy.md", None) == "carnets/outils/numpy.ipynb"
    assert carnets.nom_du_carnet("a/b.md", "Scikit-Learn é") == "carnets/a/b-scikit-learn-e.ipynb"
    with pytest.raises(ValueError, match="index.html"):
        carnets.nom_du_carnet("index.html", None)


@pytest.mark.parametrize("onglet", ["Keras", "PyTorch"])
def test_cellules_de_code_exactement_le_chemin(page, onglet):
    """Les cellules de code sont le code du chemin ; la prose de l'autre onglet disparaît."""
    carnet = carnets.carnet(page, onglet)
    assert carnets.code_par_bloc(carnet) == code_du_chemin(page, onglet)
    prose = "\n".join(c.source for c in carnet.cells if c.cell_type == "markdown")
    autre = "PyTorch" if onglet == "Keras" else "Keras"
    assert f"Texte {onglet}." in prose and f"Texte {autre}." not in prose
    assert "$x^2$" in prose
    assert "💡 **Une astuce**" in prose and "\nLe contenu de l'astuce." in prose
    assert "✅ **Solution**" in prose
    assert "**Linux**" in prose and "```bash\npip install keras\n```" in prose
    assert "{{" not in prose and "===" not in prose and "!!!" not in prose
    assert carnet.metadata["kernelspec"]["name"] == "python3"
    nbformat.validate(carnet)


def test_carnet_stable_et_ecrit_en_json(page):
    """Deux générations donnent le même fichier ; c'est du JSON nbformat 4."""
    texte = carnets.ecrire(carnets.carnet(page, "Keras"))
    assert texte == carnets.ecrire(carnets.carnet(page, "Keras"))
    donnees = json.loads(texte)
    assert donnees["nbformat"] == 4
    assert [c["id"] for c in donnees["cells"]][:2] == ["cellule-000", "cellule-001"]


def test_chemin_inconnu(page):
    with pytest.raises(ValueError, match=r"essai\.md.*'TensorFlow'.*'Keras', 'PyTorch'"):
        carnets.carnet(page, "TensorFlow")
    simple = page.with_name("simple.md")
    simple.write_text("```python\nx = 1\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sans onglet"):
        carnets.carnet(simple, "Keras")


def test_le_carnet_s_execute_dans_jupyter(tmp_path):
    """Un carnet généré s'exécute de haut en bas dans un vrai noyau Jupyter."""
    nbclient = pytest.importorskip("nbclient")
    page = tmp_path / "calcul.md"
    page.write_text("# Calcul\n\nOn additionne.\n\n```python\nx = 2 + 3\n```\n\n"
                    "Puis on vérifie.\n\n```python\n>>> x * 2\n10\n```\n", encoding="utf-8")
    carnet = carnets.carnet(page, None)
    # introduction, installation, prose, code, prose, doctest
    assert [c.cell_type for c in carnet.cells] == ["markdown", "markdown", "markdown", "code",
                                                  "markdown", "code"]
    assert "aucune bibliothèque à installer" in carnet.cells[1].source
    nbclient.NotebookClient(carnet, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert carnet.cells[-1].outputs[0]["data"]["text/plain"] == "10"


def test_un_doctest_donne_une_cellule_par_exemple(tmp_path):
    """Chaque exemple ``>>>`` a sa cellule : Jupyter affiche chaque sortie."""
    page = tmp_path / "doctest.md"
    page.write_text("# D\n\n```python\n>>> x = 2\n>>> x + 1\n3\n>>> for i in range(2):\n"
                    "...     print(i)\n0\n1\n```\n", encoding="utf-8")
    carnet = carnets.carnet(page, None)
    assert carnets.code_des_cellules(carnet) == ["x = 2\n", "x + 1\n",
                                                 "for i in range(2):\n    print(i)\n"]
    assert carnets.code_par_bloc(carnet) == code_du_chemin(page, None)


def _pages_du_site() -> dict[str, carnets.PageDuSite]:
    pages = {}
    for source, titre, sections in [
            ("entrainement/mnist-mlp.md", "6.4 Classifier MNIST avec un perceptron multicouche",
             {"4-lentrainement": "4. L'entraînement"}),
            ("donnees/jeux-de-donnees.md", "5.2 Jeux de données et lots", {}),
            ("entrainement/concepts.md", "6.1 Concepts d'entraînement", {})]:
        page = carnets.PageDuSite(source.replace(".md", ".html"), titre, sections)
        pages[source] = pages[page.adresse] = page
    return pages


TEXTE_AVEC_LIENS = textwrap.dedent("""\
    Le [perceptron
    multicouche](mnist-mlp.md) du chapitre 6.4 (chapitre [5.2](../donnees/jeux-de-donnees.md)).
    La boucle (voir le [chapitre MNIST](mnist-mlp.md#4-lentrainement) pas à pas), le
    [site](https://keras.io/guides/) et le code `[pas un lien](x.md)`.

    ```
    [pas un lien non plus](x.md)
    ```
    """)


def test_sans_site_url_les_liens_relatifs_deviennent_le_titre_en_clair():
    """Hors du site, un lien relatif serait mort : il devient le titre de la page citée."""
    texte = carnets.liens_absolus(TEXTE_AVEC_LIENS, "entrainement/concepts.md", _pages_du_site())
    assert texte.split("\n")[:3] == [
        "Le perceptron multicouche (« 6.4 Classifier MNIST avec un perceptron multicouche ») "
        "du chapitre 6.4 (chapitre « 5.2 Jeux de données et lots »).",
        "La boucle (voir le chapitre MNIST [« 6.4 Classifier MNIST avec un perceptron "
        "multicouche », section « 4. L'entraînement »] pas à pas), le",
        "[site](https://keras.io/guides/) et le code `[pas un lien](x.md)`."]
    assert "[pas un lien non plus](x.md)" in texte
    assert carnets.liens_relatifs(texte) == []


def test_avec_site_url_les_liens_relatifs_deviennent_absolus():
    """Avec ``site_url``, chaque lien relatif (Markdown, HTML, ancre seule) mène au site publié."""
    texte = carnets.liens_absolus(
        TEXTE_AVEC_LIENS + '<a href="mnist-mlp.html">là</a> [ici](#section)\n',
        "entrainement/concepts.md", _pages_du_site(), "https://exemple.org/livre")
    assert ("[perceptron\nmulticouche](https://exemple.org/livre/entrainement/mnist-mlp.html)"
            in texte)
    assert "[5.2](https://exemple.org/livre/donnees/jeux-de-donnees.html)" in texte
    assert ("[chapitre MNIST](https://exemple.org/livre/entrainement/mnist-mlp.html"
            "#4-lentrainement)") in texte
    assert '<a href="https://exemple.org/livre/entrainement/mnist-mlp.html">là</a>' in texte
    assert "[ici](https://exemple.org/livre/entrainement/concepts.html#section)" in texte
    assert "`[pas un lien](x.md)`" in texte
    assert carnets.liens_relatifs(texte) == []


def test_carnet_hors_du_site_ne_touche_que_la_prose():
    """Les liens des cellules Markdown sont suivis ; le code ne change pas."""
    carnet_ = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Voir [5.2](../donnees/jeux-de-donnees.md)."),
        nbformat.v4.new_code_cell("print('[a](b.md)')")])
    carnets.carnet_hors_du_site(carnet_, "entrainement/concepts.md", _pages_du_site())
    assert carnet_.cells[0].source == "Voir « 5.2 Jeux de données et lots »."
    assert carnet_.cells[1].source == "print('[a](b.md)')"
