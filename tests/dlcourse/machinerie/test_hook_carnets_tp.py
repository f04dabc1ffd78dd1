"""Tests de dlcourse.machinerie.hook_carnets_tp : solutions repliées et résultats des carnets."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from dlcourse.machinerie import hook_carnets_tp
from dlcourse.machinerie.hook_carnets_tp import (
    chemins_relatifs,
    decrire_les_images,
    exclure_de_la_recherche,
    lien_de_telechargement,
    marquer_les_tableaux,
    on_page_content,
    on_page_markdown,
    replier_solutions,
    styles_en_fichiers,
)

F = "\u202f"

CELLULE = '<div class="jp-Cell jp-CodeCell{}"><div class="in"><pre>&lt;div&gt;</pre></div></div>\n'
HTML = (CELLULE.format("") + CELLULE.format(" celltag_solution")
        + CELLULE.format(" celltag_solution") + CELLULE.format(""))


def _page(src_path, meta=None):
    return SimpleNamespace(file=SimpleNamespace(src_path=src_path), meta=meta or {})


def test_replier_solutions_regroupe_les_cellules_voisines():
    replie = replier_solutions(HTML)
    assert replie.count('<details class="success"><summary>Solution</summary>') == 1
    avant, dedans = replie.split("<summary>Solution</summary>")
    assert "celltag_solution" not in avant
    assert dedans.count("celltag_solution") == 2
    assert dedans.index("</details>") > dedans.rindex("celltag_solution")
    assert replie.replace('<details class="success"><summary>Solution</summary>', "").replace(
        "</details>", "") == HTML


def test_replier_solutions_sans_solution_et_html_mal_forme():
    assert replier_solutions(CELLULE.format("")) == CELLULE.format("")
    with pytest.raises(ValueError, match="pas fermé"):
        replier_solutions('<div class="celltag_solution"><div></div>')


def test_on_page_content():
    html = on_page_content(HTML, _page("tp/cnn-mnist-keras.ipynb"), None)
    assert html.startswith(lien_de_telechargement("cnn-mnist-keras.ipynb"))
    assert 'href="cnn-mnist-keras.ipynb"' in html and "<details" in html
    # Ailleurs, seules les marques qui écartent le code de la recherche.
    assert on_page_content(HTML, _page("entrainement/x.ipynb"), None) == (
        exclure_de_la_recherche(HTML))
    assert on_page_content(HTML, _page("tp/index.md"), None) == exclure_de_la_recherche(HTML)


def test_on_page_markdown(tmp_path, monkeypatch):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["dlcourse"] = {"resultats": {"exactitude_test": 0.9841}}
    (tmp_path / "cnn-mnist-keras.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
    monkeypatch.setattr(hook_carnets_tp, "DOSSIER_CARNETS", tmp_path)
    texte = "Exactitude : {{ resultat cnn-mnist-keras.exactitude_test pourcent }}."
    assert on_page_markdown(texte, _page("tp/index.md"), None) == f"Exactitude : 98,4{F}%."
    # hors de tp/, ou page qui déclare sa propre exécution : rien ne change
    assert on_page_markdown(texte, _page("partie/page.md"), None) == texte
    assert on_page_markdown(texte, _page("tp/x.md", {"execution": {"commun": {}}}),
                            None) == texte
    with pytest.raises(PluginError, match="tp/index.md"):
        on_page_markdown("{{ resultat cnn-inconnu.x }}", _page("tp/index.md"), None)


def test_exclure_de_la_recherche():
    html = ('<div class="language-python highlight"><pre><code>x = 1</code></pre></div>'
            '<p>Texte <span class="arithmatex">\\(p\\)</span> <code>fit</code></p>')
    marque = exclure_de_la_recherche(html)
    assert marque.count("data-search-exclude") == 3  # le bloc, son <pre>, la formule
    assert "<code>fit</code>" in marque


def test_styles_en_fichiers_et_images_decrites():
    html = ('<style>.jp-Cell { color: red }</style><h2 id="a">Les données<a class="anchor-link">'
            '¶</a></h2><img alt="No description has been provided for this image" src="x">')
    resultat = decrire_les_images(styles_en_fichiers(html, "tp/carnet.html"))
    assert "<style" not in resultat
    assert re.search(r'<link rel="stylesheet" href="\.\./assets/carnets/\w+\.css">', resultat)
    assert 'alt="Figure de la section « Les données »"' in resultat


def test_chemins_relatifs_de_la_page_404():
    html = ('<link href="/assets/a.css"><script src="/b.js"></script>'
            '{"base": "/", "search": "/s.js"}')
    assert chemins_relatifs(html) == ('<link href="./assets/a.css"><script src="./b.js"></script>'
                                      '{"base": ".", "search": "./s.js"}')


def test_marquer_les_tableaux_des_sorties():
    """La sortie de model.summary() (cadre) reçoit « tableau » ; un message, non."""
    sortie = ('<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">'
              '\n<pre data-search-exclude>{}</pre>\n</div>')
    html = sortie.format("Model: &quot;sequential&quot;\n┏━━┓") + sortie.format(
        "perte sur le test : 0.0531 ; exactitude : 0.98")
    resultat = marquer_les_tableaux(html)
    assert resultat.count("jp-OutputArea-output tableau") == 1
    assert resultat.index("tableau") < resultat.index("┏") < resultat.index("perte sur le test")
    assert marquer_les_tableaux(sortie.format("a")) == sortie.format("a")
