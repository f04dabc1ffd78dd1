"""Tests de dlcourse.machinerie.resultats : les nombres cités dans la prose, à la française."""

from __future__ import annotations

import textwrap

import pytest

from dlcourse.machinerie.resultats import ESPACE_FINE, FORMATS, chercher, formater, remplacer

F = ESPACE_FINE  # U+202F, espace fine insécable

EXECUTIONS = {
    "Keras": {
        "profil": "complet",
        "duree_s": 312.4,
        "resultats": {"exactitude_test": 0.9781, "parametres": 101770, "nom": "MLP"},
        "versions": {"keras": "3.15.1", "python": "3.11.9"},
    },
    "PyTorch": {"duree_s": 95.0, "resultats": {"exactitude_test": 0.97625}},
}


def test_espace_fine():
    """L'espace des milliers et avant les unités est l'espace fine insécable U+202F."""
    assert ESPACE_FINE == "\u202f"


@pytest.mark.parametrize(("valeur", "format_", "attendu"), [
    (0.9781, "pourcent", f"97,8{F}%"),
    (0.97634, "pourcent2", f"97,63{F}%"),
    (1, "pourcent", f"100,0{F}%"),
    (3.14159, "decimal2", "3,14"),
    (3.14159, "decimal3", "3,142"),
    (0.123456, "decimal4", "0,1235"),
    (12345.678, "decimal2", f"12{F}345,68"),
    (-0.5, "decimal2", "-0,50"),
    (60000, "entier", f"60{F}000"),
    (1234567, "entier", f"1{F}234{F}567"),
    (999, "entier", "999"),
    (312.4, "secondes", f"312{F}s"),
    (5400, "secondes", f"5{F}400{F}s"),
    (754, "minutes", f"12,6{F}min"),
    ("3.15.1", "texte", "3.15.1"),
    (0.5, "texte", "0.5"),
])
def test_formater(valeur, format_, attendu):
    """Virgule décimale, espaces fines entre les milliers et avant l'unité."""
    assert formater(valeur, format_) == attendu


@pytest.mark.parametrize(("valeur", "attendu"), [
    (101770, f"101{F}770"),  # entier
    (0.9781, "0,978"),  # réel : decimal3
    (2.0, "2,000"),
    ("MLP", "MLP"),  # texte
    (True, "True"),  # un booléen n'est pas un entier à formater
])
def test_formats_par_defaut(valeur, attendu):
    """Sans format : ``entier`` pour un entier, ``decimal3`` pour un réel, ``texte`` sinon."""
    assert formater(valeur) == attendu


def test_format_inconnu():
    """Un format inconnu : ValueError qui le nomme et liste les formats."""
    with pytest.raises(ValueError, match=r"format 'pourcents' inconnu ; formats : pourcent, "
                                         r"pourcent2, decimal2"):
        formater(0.5, "pourcents")
    assert "pourcent" in FORMATS and "texte" in FORMATS


def test_chercher_un_resultat_declare():
    """``Onglet.nom`` : un résultat déclaré dans l'en-tête de la page."""
    assert chercher(EXECUTIONS, "Keras.exactitude_test") == 0.9781
    assert chercher(EXECUTIONS, "PyTorch.exactitude_test") == 0.97625
    assert chercher(EXECUTIONS, "Keras.nom") == "MLP"


def test_chercher_un_chemin_dans_le_rapport():
    """``Onglet.a.b`` : un chemin dans le rapport d'exécution (durée, versions…)."""
    assert chercher(EXECUTIONS, "Keras.versions.keras") == "3.15.1"
    assert chercher(EXECUTIONS, "PyTorch.duree_s") == 95.0
    assert chercher(EXECUTIONS, "Keras.versions") == {"keras": "3.15.1", "python": "3.11.9"}


def test_chercher_un_onglet_inconnu():
    """Un onglet sans résultats : KeyError en français, qui liste les onglets construits."""
    with pytest.raises(KeyError, match=r"Jax\.exactitude : aucun résultat pour l'onglet 'Jax' "
                                       r"\(onglets construits : Keras, PyTorch ; "
                                       r"lancez « make figures »\)"):
        chercher(EXECUTIONS, "Jax.exactitude")
    with pytest.raises(KeyError, match=r"onglets construits : aucun"):
        chercher({}, "Keras.exactitude_test")


@pytest.mark.parametrize("reference", ["Keras.perte", "Keras.versions.torch",
                                       "Keras.duree_s.secondes", "Keras",
                                       "PyTorch.versions.keras"])
def test_chercher_une_valeur_inconnue(reference):
    """Une valeur absente : KeyError en français qui cite la référence."""
    with pytest.raises(KeyError, match=rf"{reference} : valeur introuvable dans les résultats "
                                       r"enregistrés"):
        chercher(EXECUTIONS, reference)


def test_remplacer_resultats_et_figures():
    """Les marques ``{{ resultat … }}`` et ``{{ figure … }}`` deviennent valeurs et images."""
    markdown = textwrap.dedent("""\
        L'exactitude atteint {{ resultat Keras.exactitude_test pourcent }} (Keras) et
        {{resultat PyTorch.exactitude_test pourcent}} (PyTorch), avec
        {{ resultat Keras.parametres }} paramètres, Keras {{ resultat Keras.versions.keras }}.

        !!! note "Courbes"

            {{ figure keras-courbes.png }}

        Ceci reste : {{ autre chose }}.
        """)
    resultat = remplacer(markdown, EXECUTIONS, "mnist-mlp",
                         {"keras-courbes.png": "Perte et exactitude par époque"})
    assert resultat == textwrap.dedent(f"""\
        L'exactitude atteint 97,8{F}% (Keras) et
        97,6{F}% (PyTorch), avec
        101{F}770 paramètres, Keras 3.15.1.

        !!! note "Courbes"

            ![Perte et exactitude par époque](mnist-mlp/keras-courbes.png)

        Ceci reste : {{{{ autre chose }}}}.
        """)


def test_remplacer_sans_marque():
    """Un Markdown sans marque est rendu tel quel."""
    assert remplacer("# Titre\n\nTexte.\n", EXECUTIONS, "page", {}) == "# Titre\n\nTexte.\n"


def test_remplacer_une_figure_inconnue():
    """Une figure non déclarée dans l'en-tête : KeyError qui la nomme."""
    with pytest.raises(KeyError, match=r"figure absente\.png : non déclarée dans l'en-tête "
                                       r"execution de la page"):
        remplacer("{{ figure absente.png }}", EXECUTIONS, "page", {"autre.png": "Autre"})


def test_remplacer_un_resultat_inconnu_ou_un_format_inconnu():
    """Un résultat inconnu (KeyError) ou un format inconnu (ValueError) font échouer."""
    with pytest.raises(KeyError, match="Keras.inconnu : valeur introuvable"):
        remplacer("{{ resultat Keras.inconnu }}", EXECUTIONS, "page", {})
    with pytest.raises(ValueError, match="format 'pourcentage' inconnu"):
        remplacer("{{ resultat Keras.exactitude_test pourcentage }}", EXECUTIONS, "page", {})
