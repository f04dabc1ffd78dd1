"""Tests de dlcourse.machinerie.sorties : ce que le code a écrit, nettoyé, borné, en Markdown."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from dlcourse.machinerie.sorties import (
    LIGNES_DEPLIEES,
    LIMITE_LIGNES,
    SortieInvalide,
    couper,
    en_markdown,
    est_un_tableau,
    nettoyer,
    preparer,
)


def test_nettoyer_retire_journaux_ansi_et_barres_de_progression():
    texte = (
        "\x1b[1mEpoch 1/2\x1b[0m\n"
        "I0000 00:00:1795779715.258564   19113 cudart_stub.cc:31] Could not find cuda\n"
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "10/50 [=>....]\r50/50 [======] - loss: 0.5   \n"
        "fin\n\n"
    )
    assert nettoyer(texte) == "Epoch 1/2\n50/50 [======] - loss: 0.5\nfin"


def test_nettoyer_remplace_les_chemins_de_la_machine(tmp_path):
    travail = tmp_path / "dlcourse-page-x"
    texte = (f"sauvé dans {travail}/modele.keras\n"
             f"cache : {tempfile.gettempdir()}/autre/fichier\n"
             f"maison : {Path.home()}/.keras\n")
    assert nettoyer(texte, travail) == ("sauvé dans ./modele.keras\ncache : /tmp/autre/fichier\n"
                                        "maison : ~/.keras")


def test_nettoyer_refuse_les_donnees_binaires():
    with pytest.raises(SortieInvalide, match=r"caractère de contrôle '\\x00'"):
        nettoyer("a\x00b")


def test_couper_une_sortie_trop_longue():
    courte = "\n".join(str(i) for i in range(LIMITE_LIGNES))
    assert couper(courte) == courte
    longue = "\n".join(str(i) for i in range(100))
    lignes = couper(longue).split("\n")
    assert len(lignes) == LIMITE_LIGNES - 15 + 1 + 10
    assert lignes[0] == "0" and lignes[-1] == "99"
    assert lignes[LIMITE_LIGNES - 15] == (
        f"[… 45 lignes coupées : une sortie montre au plus {LIMITE_LIGNES} lignes …]")
    assert preparer("\x1b[0m" + longue) == couper(longue)


def test_en_markdown_un_tableau_garde_ses_lignes():
    """model.summary() (caractères de cadre) ou colonnes alignées : classe « tableau »,
    qui défile sans se couper ; un message ou un journal revient à la ligne."""
    assert en_markdown("┏━━┓\n┃ a ┃").startswith('\n!!! sortie tableau "Sortie"\n')
    assert en_markdown("Conv2D          320\nDense(64)   346,176").startswith(
        '\n!!! sortie tableau "Sortie"\n')
    assert en_markdown("époque 1/5 - perte : 0.3").startswith('\n!!! sortie "Sortie"\n')
    # Le retrait en début de ligne (repr d'un modèle, f"{nom:>24}") n'est pas une colonne.
    assert not est_un_tableau("Sequential(\n    (0): Linear()\n)")
    assert not est_un_tableau("                base : exactitude 81.38 %")


def test_en_markdown_encadre_et_replie_si_long():
    assert en_markdown("a\n\nb", "    ") == (
        '\n    !!! sortie "Sortie"\n\n        ```text\n        a\n\n        b\n        ```\n')
    longue = "\n".join("x" * (LIGNES_DEPLIEES + 1))
    assert en_markdown(longue).startswith(
        f'\n??? sortie "Sortie ({LIGNES_DEPLIEES + 1} lignes)"\n')
