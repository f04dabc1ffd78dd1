"""La typographie française du HTML : la prose change, le code, les formules et les adresses non."""

from __future__ import annotations

import pytest

from dlcourse.machinerie.typographie import ESPACE_FINE as FINE
from dlcourse.machinerie.typographie import ESPACE_INSECABLE as INSECABLE
from dlcourse.machinerie.typographie import html, texte


@pytest.mark.parametrize(("avant", "apres"), [
    ("Pourquoi ?", f"Pourquoi{FINE}?"),
    ("Attention !", f"Attention{FINE}!"),
    ("un point ; un autre", f"un point{FINE}; un autre"),
    ("Les formats : pourcent", f"Les formats{INSECABLE}: pourcent"),
    ("le mot « époque »", f"le mot «{INSECABLE}époque{INSECABLE}»"),
    ("le mot «époque»", f"le mot «{INSECABLE}époque{INSECABLE}»"),
    ("MNIST compte 70 000 images", f"MNIST compte 70{FINE}000 images"),
    ("1 234 567 exemples", f"1{FINE}234{FINE}567 exemples"),
    ("97,5 % d'exactitude", f"97,5{FINE}% d'exactitude"),
    (f"déjà insécable{INSECABLE}: rien ne double", f"déjà insécable{INSECABLE}: rien ne double"),
])
def test_la_prose_prend_les_espaces_francaises(avant, apres):
    assert texte(avant) == apres


@pytest.mark.parametrize("intact", [
    "http://127.0.0.1:8000/page?x=1&y=2",
    "à 12:30, un rapport 3:1",
    "a;b, c!=d, x?y",
    "en 1958, puis en 2012",
    "de 0,9 à 1,1, le 28 × 28 et 300-100-10",
])
def test_sans_espace_tapee_rien_ne_change(intact):
    assert texte(intact) == intact


def test_le_code_les_formules_et_les_attributs_restent_tels_quels():
    fragment = (
        '<p title="Titre : « brut » ?">Le code : <code>a : b ; c ?</code> et la formule '
        '<span class="arithmatex">\\(f : x \\mapsto x ; 70 000\\)</span> ?</p>\n'
        '<pre><code>print("Résultat : 70 000 !")</code></pre>\n'
        '<div class="arithmatex">\\[ a : b \\]</div>\n'
        '<script>var x = a ? b : c;</script>\n'
        '<!-- nombres : un commentaire ; intact ? -->\n'
        '<p><a href="http://127.0.0.1:8000/?q=1">http://127.0.0.1:8000/?q=1</a> : le site</p>'
    )
    attendu = (
        f'<p title="Titre : « brut » ?">Le code{INSECABLE}: <code>a : b ; c ?</code> et la formule '
        f'<span class="arithmatex">\\(f : x \\mapsto x ; 70 000\\)</span>{FINE}?</p>\n'
        '<pre><code>print("Résultat : 70 000 !")</code></pre>\n'
        '<div class="arithmatex">\\[ a : b \\]</div>\n'
        '<script>var x = a ? b : c;</script>\n'
        '<!-- nombres : un commentaire ; intact ? -->\n'
        f'<p><a href="http://127.0.0.1:8000/?q=1">http://127.0.0.1:8000/?q=1</a>{INSECABLE}: '
        'le site</p>'
    )
    assert html(fragment) == attendu


def test_le_texte_apres_un_element_intact_est_traite():
    fragment = '<p><code>x</code> ; <em>mot</em> ! <br>et « là »</p>'
    assert html(fragment) == (f'<p><code>x</code>{FINE}; <em>mot</em>{FINE}! <br>'
                              f'et «{INSECABLE}là{INSECABLE}»</p>')


def test_des_elements_imbriques_dans_le_code_restent_intacts():
    fragment = ('<div class="highlight"><pre><span></span><code><span class="n">a</span> '
                '<span class="p">:</span> 70 000 ?</code></pre></div><p>Fin ?</p>')
    assert html(fragment) == fragment.replace("Fin ?", f"Fin{FINE}?")


def test_les_formules_en_dollars_d_un_carnet_restent_intactes():
    fragment = "<p>Une couche : $n \\times m$ poids ; $$a : b$$ et $x ; y$ ?</p>"
    assert html(fragment, formules_en_dollars=True) == (
        f"<p>Une couche{INSECABLE}: $n \\times m$ poids{FINE}; $$a : b$$ et $x ; y${FINE}?</p>")
    assert f"$$a{INSECABLE}: b$$" in html(fragment)  # sans l'option, la formule changerait
