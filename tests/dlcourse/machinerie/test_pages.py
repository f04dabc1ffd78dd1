"""Tests de dlcourse.machinerie.pages : blocs, onglets, inclusions, chemins de lecture."""

from __future__ import annotations

import textwrap

import pytest
from pymdownx.snippets import SnippetMissingError

from dlcourse.machinerie import pages

PAGE = textwrap.dedent('''\
    ---
    title: Essai
    ---
    # Essai

    ```python
    commun = 1
    ```

    === "Keras"

        ```python
        cadre = "keras"
        ```

        !!! note "Dans un encadré"

            ```python
            dans_encadre = cadre
            ```

    === "PyTorch"

        ```python
        >>> cadre = "torch"
        >>> cadre
        'torch'
        ```

    ```bash
    echo pas du python
    ```

    ??? success "Solution"

        ```python
        apres = commun + 1
        ```
    ''')


@pytest.fixture
def page(tmp_path):
    chemin = tmp_path / "essai.md"
    chemin.write_text(PAGE, encoding="utf-8")
    return chemin


def test_blocs_trouve_chaque_bloc_avec_son_onglet(page):
    texte, entete = pages.lire_page(page)
    assert entete == {"title": "Essai"}
    trouves = pages.blocs(texte)
    assert [(b.langage, b.onglet) for b in trouves] == [
        ("python", None), ("python", "Keras"), ("python", "Keras"), ("python", "PyTorch"),
        ("bash", None), ("python", None)]
    assert trouves[2].code == "dans_encadre = cadre\n"


def test_un_doctest_donne_ses_sources(page):
    doctest_bloc = pages.blocs_python(page)[3]
    assert doctest_bloc.code.startswith(">>>")
    assert doctest_bloc.source_python == 'cadre = "torch"\ncadre\n'


def test_onglets_et_chemins(page):
    assert pages.onglets(page) == ["Keras", "PyTorch"]
    assert pages.code_du_chemin(page, "Keras") == [
        "commun = 1\n", 'cadre = "keras"\n', "dans_encadre = cadre\n", "apres = commun + 1\n"]
    assert pages.code_du_chemin(page, "PyTorch") == [
        "commun = 1\n", 'cadre = "torch"\ncadre\n', "apres = commun + 1\n"]
    assert pages.code_du_chemin(page, None) == ["commun = 1\n", "apres = commun + 1\n"]


def test_les_inclusions_sont_developpees_comme_dans_mkdocs():
    texte = ('=== "PyTorch"\n\n    ```python\n'
             '    --8<-- "dlcourse/aides/entrainement_torch.py:boucle"\n    ```\n')
    developpe = pages.developper_inclusions(texte)
    assert "--8<--" not in developpe
    assert "    def entrainer(" in developpe  # indentation de l'onglet gardée
    (bloc,) = pages.blocs(developpe)
    # La section commence par son import : le bloc se lit et s'exécute seul.
    assert bloc.onglet == "PyTorch" and bloc.code.startswith("import torch\n\n\ndef evaluer(")
    # Les marques de section ne sont pas recopiées ; le code est celui du fichier.
    assert "--8<--" not in bloc.code and "[start:" not in bloc.code
    source = (pages.RACINE / "dlcourse/aides/entrainement_torch.py").read_text(encoding="utf-8")
    section = source.split("# --8<-- [start:boucle]\n")[1].split("# --8<-- [end:boucle]")[0]
    assert bloc.code == "".join(ligne for ligne in section.splitlines(keepends=True)
                                if "--8<--" not in ligne)


def test_une_inclusion_absente_fait_echouer():
    with pytest.raises(SnippetMissingError, match="absent.py"):
        pages.developper_inclusions('--8<-- "snippets/absent.py"\n')


def test_la_configuration_vient_de_mkdocs_yml():
    config = pages.configuration_inclusions()
    assert config["check_paths"] is True
    assert config["base_path"] == [str(pages.RACINE)]


def test_pages_liste_les_pages_du_livre():
    liste = pages.pages()
    assert pages.DOSSIER_DOCS / "index.md" in liste
    assert all(p.suffix == ".md" for p in liste)


def test_pages_du_menu_suit_mkdocs_yml(tmp_path):
    """Les fichiers du menu, dans l'ordre, sous-menus compris, chemins absolus."""
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Essai
        docs_dir: source
        nav:
          - index.md
          - Partie:
              - Un chapitre: partie/un.md
              - partie/deux.md
          - TP: tp/carnet.ipynb
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        """), encoding="utf-8")
    docs = tmp_path / "source"
    assert pages.pages_du_menu(tmp_path / "mkdocs.yml") == [
        docs / "index.md", docs / "partie" / "un.md", docs / "partie" / "deux.md",
        docs / "tp" / "carnet.ipynb"]


def test_le_menu_du_livre_nomme_des_fichiers_existants():
    """Le menu du livre commence par l'accueil et ne nomme que des fichiers qui existent."""
    menu = pages.pages_du_menu()
    assert menu[0] == pages.DOSSIER_DOCS / "index.md"
    assert all(p.is_file() for p in menu), [p for p in menu if not p.is_file()]
