"""Tests de dlcourse.machinerie.execution : exécuter un chemin dans un processus à part."""

from __future__ import annotations

import pytest

from dlcourse.machinerie.execution import (
    Demande,
    ErreurExecution,
    Figure,
    appareil,
    executer_dans_un_processus,
    versions,
)

CODE_FIGURE = [
    "import matplotlib.pyplot as plt\nimport numpy as np\n",
    "x = np.arange(5)\nplt.plot(x, x ** 2)\nplt.show()\n",
    "resultat = float((x ** 2).sum())\n",
]


def test_execution_enregistre_figures_resultats_et_contexte(tmp_path):
    demande = Demande(CODE_FIGURE, [Figure("carre.png", "Une parabole")],
                      {"somme": "resultat", "n": "len(x)"})
    rapport = executer_dans_un_processus(demande, "rapide", tmp_path)
    assert rapport["resultats"] == {"somme": 30.0, "n": 5}
    assert rapport["profil"] == "rapide"
    assert rapport["figures"] == [{"fichier": "carre.png", "alt": "Une parabole"}]
    assert (tmp_path / "carre.png").read_bytes().startswith(b"\x89PNG")
    assert rapport["duree_s"] >= 0 and rapport["versions"]["python"].startswith("3.")
    assert rapport["donnees"] == []


def test_le_code_s_execute_dans_un_dossier_temporaire(tmp_path):
    code = ["import os\nopen('trace.txt', 'w').write('x')\nici = os.getcwd()\n"]
    rapport = executer_dans_un_processus(Demande(code, [], {"ici": "ici"}), "rapide", tmp_path)
    assert "dlcourse-page-" in rapport["resultats"]["ici"]
    assert not (tmp_path / "trace.txt").exists()


def test_une_figure_non_declaree_fait_echouer(tmp_path):
    code = CODE_FIGURE[:2] + ["plt.plot([1, 2])\nplt.show()\n"]
    with pytest.raises(ErreurExecution, match="figure en trop"):
        executer_dans_un_processus(Demande(code, [Figure("a.png", "A")]), "rapide", tmp_path)


def test_une_figure_declaree_mais_absente_fait_echouer(tmp_path):
    figures = [Figure("a.png", "A"), Figure("b.png", "B")]
    with pytest.raises(ErreurExecution, match="2 figure"):
        executer_dans_un_processus(Demande(CODE_FIGURE, figures), "rapide", tmp_path)


def test_une_erreur_de_la_page_remonte_avec_sa_trace(tmp_path):
    with pytest.raises(ErreurExecution, match="NameError: name 'inconnu'"):
        executer_dans_un_processus(Demande(["inconnu + 1\n"]), "rapide", tmp_path)


def test_un_resultat_non_enregistrable_est_refuse(tmp_path):
    with pytest.raises(ErreurExecution, match="résultat objet"):
        executer_dans_un_processus(Demande(["o = object()\n"], [], {"objet": "o"}),
                                   "rapide", tmp_path)


def test_contexte_de_la_machine():
    assert appareil().startswith(("CPU", "GPU"))
    assert {"python", "numpy", "torch", "keras"} <= set(versions())
