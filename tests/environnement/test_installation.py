"""Le chapitre « Installer TensorFlow et PyTorch ».

Page : docs/environnement/installation.md.

- Le bloc qui montre l'ordre sûr des imports doit marcher chez un lecteur,
  c'est-à-dire dans un processus neuf où rien n'est encore importé. Le chemin
  de la page s'exécute dans un enfant d'un serveur qui a déjà importé les
  frameworks (dans l'ordre sûr), où le bloc ne prouverait rien : ce test-ci
  le relance donc seul, dans un interpréteur neuf.
- Aucun numéro de version n'est écrit en dur dans une sortie attendue : les
  doctests les remplacent par ``...``.
- Les commandes d'installation sont dans des blocs ``bash``, jamais ``python``.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys

import pytest

from dlcourse.machinerie.pages import DOSSIER_DOCS, blocs, lire_page

PAGE = DOSSIER_DOCS / "environnement" / "installation.md"


@pytest.fixture(scope="module")
def blocs_de_la_page():
    texte, _ = lire_page(PAGE)
    return blocs(texte)


def _bloc_ordre_sur(liste):
    candidats = [b for b in liste if b.langage == "python" and "import tensorflow" in b.code
                 and "torch.optim" in b.code]
    assert len(candidats) == 1, "la page doit montrer un seul bloc d'ordre sûr exécutable"
    return candidats[0].code


def test_l_ordre_sur_importe_torch_et_torchvision_d_abord(blocs_de_la_page):
    code = _bloc_ordre_sur(blocs_de_la_page)
    lignes = [ligne.split("#")[0].strip() for ligne in code.splitlines()]
    position = {nom: lignes.index(f"import {nom}") for nom in ("torch", "torchvision", "keras")}
    position["tensorflow"] = lignes.index("import tensorflow as tf")
    assert position["torch"] < position["tensorflow"]
    assert position["torchvision"] < position["tensorflow"]
    assert position["torchvision"] < position["keras"]


def test_l_ordre_sur_marche_dans_un_processus_neuf(blocs_de_la_page, tmp_path):
    code = _bloc_ordre_sur(blocs_de_la_page)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    fini = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=600, check=False)
    assert fini.returncode == 0, fini.stderr[-3000:]
    assert "6.0 torch.Size([1, 1])" in fini.stdout


def test_aucune_version_ecrite_en_dur(blocs_de_la_page):
    version = re.compile(r"\b\d+\.\d+\.\d+\b|\b[23]\.\d{1,2}\b(?!\.)")
    for bloc in blocs_de_la_page:
        if bloc.langage != "python" or not bloc.code.lstrip().startswith(">>>"):
            continue
        for exemple in doctest.DocTestParser().get_examples(bloc.code):
            assert not version.search(exemple.want), (
                f"ligne {bloc.ligne} : version écrite en dur dans la sortie {exemple.want!r}")


def test_les_commandes_pip_sont_en_bash(blocs_de_la_page):
    for bloc in blocs_de_la_page:
        if "pip install" in bloc.code and not bloc.code.lstrip().startswith("!"):
            assert bloc.langage == "bash" or "%pip" in bloc.code or bloc.langage == "text", (
                f"ligne {bloc.ligne} : commande d'installation hors d'un bloc bash")
