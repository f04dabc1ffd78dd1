"""Tests de dlcourse.machinerie.execution : exécuter un chemin ou un carnet dans un processus neuf.

Les demandes passent par les serveurs d'exécution de la session (fixture
``serveurs`` de ``tests/conftest.py``), comme les chemins des pages.
"""

from __future__ import annotations

import sys
import textwrap
import types

import pytest

from dlcourse.machinerie.execution import (
    Demande,
    ErreurExecution,
    Figure,
    appareil,
    en_json,
    versions,
)

CODE_FIGURE = [
    "import matplotlib.pyplot as plt\nimport numpy as np\n",
    "x = np.arange(5)\nplt.plot(x, x ** 2)\nplt.show()\n",
    "resultat = float((x ** 2).sum())\nprint('somme :', resultat)\n",
]

TEXTE_PAGE = textwrap.dedent('''\
    # Essai

    ```python
    import numpy as np
    commun = np.arange(3)
    ```

    === "Un"

        ```python
        seulement_un = commun.sum()
        print("un :", seulement_un)
        ```

    === "Deux"

        ```python
        >>> commun.tolist()
        [0, 1, 2]
        >>> seulement_un
        3
        ```
    ''')


def test_figures_resultats_sorties_et_contexte(serveurs, tmp_path):
    demande = Demande("essai", cellules=CODE_FIGURE, figures=[Figure("carre.png", "Une parabole")],
                      resultats={"somme": "resultat", "n": "len(x)"})
    rapport = serveurs.executer(demande, "rapide", tmp_path)
    assert rapport["echec"] is None
    assert rapport["resultats"] == {"somme": 30.0, "n": 5}
    assert rapport["profil"] == "rapide"
    assert rapport["figures"] == [{"fichier": "carre.png", "alt": "Une parabole"}]
    assert (tmp_path / "carre.png").read_bytes().startswith(b"\x89PNG")
    assert rapport["duree_s"] >= 0 and rapport["versions"]["python"].startswith("3.")
    assert rapport["sorties"] == {"2": "somme : 30.0"}
    assert rapport["donnees"] == [] and rapport["frameworks"] == []


def test_compter_sans_enregistrer(serveurs, tmp_path):
    demande = Demande("essai", cellules=CODE_FIGURE, figures=[Figure("carre.png", "Une parabole")])
    rapport = serveurs.executer(demande, "rapide", tmp_path, enregistrer=False)
    assert rapport["figures"] == [{"fichier": "carre.png", "alt": "Une parabole"}]
    assert not (tmp_path / "carre.png").exists()


def test_une_cellule_affiche_sa_derniere_valeur(serveurs, tmp_path):
    rapport = serveurs.executer(Demande("essai", cellules=["x = 2\nx * 21\n", "None\n"]),
                                "rapide", tmp_path)
    assert rapport["valeurs"] == {"0": "42"}


def test_le_code_s_execute_dans_un_dossier_temporaire(serveurs, tmp_path):
    code = ["import os\nopen('trace.txt', 'w').write('x')\nici = os.getcwd()\n"]
    rapport = serveurs.executer(Demande("essai", cellules=code, resultats={"ici": "ici"}),
                                "rapide", tmp_path)
    assert "dlcourse-page-" in rapport["resultats"]["ici"]
    assert not (tmp_path / "trace.txt").exists()


def test_une_figure_non_declaree_fait_echouer(serveurs, tmp_path):
    code = CODE_FIGURE[:2] + ["plt.plot([1, 2])\nplt.show()\n"]
    rapport = serveurs.executer(Demande("essai", cellules=code, figures=[Figure("a.png", "A")]),
                                "rapide", tmp_path)
    assert "figure en trop" in rapport["echec"]["message"]


def test_une_figure_declaree_mais_absente_fait_echouer(serveurs, tmp_path):
    figures = [Figure("a.png", "A"), Figure("b.png", "B")]
    rapport = serveurs.executer(Demande("essai", cellules=CODE_FIGURE, figures=figures),
                                "rapide", tmp_path)
    assert "2 figure(s) déclarée(s)" in rapport["echec"]["message"]


def test_une_erreur_nomme_la_cellule_et_garde_la_trace(serveurs, tmp_path):
    rapport = serveurs.executer(Demande("essai", cellules=["a = 1\n", "inconnu + 1\n"]),
                                "rapide", tmp_path)
    assert rapport["echec"]["ligne"] == 2
    assert "NameError: name 'inconnu'" in rapport["echec"]["message"]


def test_un_resultat_non_enregistrable_ou_inconnu_est_nomme(serveurs, tmp_path):
    rapport = serveurs.executer(Demande("essai", cellules=["o = object()\n"],
                                        resultats={"objet": "o"}), "rapide", tmp_path)
    assert "résultat objet" in rapport["echec"]["message"]
    rapport = serveurs.executer(Demande("essai", cellules=["o = 1\n"],
                                        resultats={"absent": "p + 1"}), "rapide", tmp_path)
    assert "le résultat « absent » (p + 1) ne s'évalue pas : NameError" in (
        rapport["echec"]["message"])


def test_dlcourse_est_introuvable_pour_le_code_de_la_page(serveurs, tmp_path):
    rapport = serveurs.executer(Demande("essai", cellules=["import dlcourse.aides.courbes\n"]),
                                "rapide", tmp_path)
    assert "ModuleNotFoundError" in rapport["echec"]["message"]
    assert "ne peut pas importer dlcourse" in rapport["echec"]["message"]


def test_un_chemin_de_page_par_sybil_nomme_l_onglet_et_la_ligne(serveurs, tmp_path):
    page = tmp_path / "essai.md"
    page.write_text(TEXTE_PAGE, encoding="utf-8")
    un = serveurs.executer(Demande("essai.md [Un]", page=str(page), onglet="Un",
                                   resultats={"s": "seulement_un"}), "rapide", tmp_path)
    assert un["echec"] is None and un["resultats"] == {"s": 3}
    assert un["sorties"] == {"1": "un : 3"}
    # L'onglet « Deux » ne voit pas ce que définit l'onglet « Un » : un doctest le prouve.
    deux = serveurs.executer(Demande("essai.md [Deux]", page=str(page), onglet="Deux"),
                             "rapide", tmp_path)
    assert deux["echec"]["ligne"] == 20  # la ligne du « >>> seulement_un » dans la page
    assert "seulement_un" in deux["echec"]["message"]


def test_en_json():
    import numpy as np

    assert en_json("x", np.float32(0.5)) == 0.5
    assert en_json("x", (1, [2, np.arange(2)])) == [1, [2, [0, 1]]]
    assert en_json("x", {"a": np.int64(3)}) == {"a": 3}
    with pytest.raises(ErreurExecution, match="résultat x"):
        en_json("x", object())


def test_contexte_de_la_machine():
    assert appareil().startswith(("CPU", "GPU"))
    assert {"python", "numpy", "torch", "keras"} <= set(versions())


class _CudaFactice:
    """Le ``torch.cuda`` d'une machine qui a un GPU, que le code a utilisé ou non."""

    def __init__(self, initialise: bool, octets: int) -> None:
        self.initialise, self.octets = initialise, octets

    def is_available(self) -> bool:
        return True

    def is_initialized(self) -> bool:
        return self.initialise

    def max_memory_allocated(self) -> int:
        return self.octets

    def get_device_name(self, _numero: int) -> str:
        return "NVIDIA H200"


@pytest.mark.parametrize(("initialise", "octets", "attendu"), [
    (False, 0, "CPU"),        # un GPU présent, que le code n'a jamais touché
    (True, 0, "CPU"),         # CUDA initialisé, mais aucune donnée placée sur le GPU
    (True, 4096, "GPU NVIDIA H200"),
])
def test_l_appareil_est_celui_que_le_code_a_utilise(monkeypatch, initialise, octets, attendu):
    faux_torch = types.SimpleNamespace(cuda=_CudaFactice(initialise, octets))
    monkeypatch.setitem(sys.modules, "torch", faux_torch)
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    assert appareil().startswith(attendu)


class _ConfigTfFactice:
    """Le ``tf.config`` d'une machine qui a un GPU ; ``pic`` : la mémoire que le code y a prise."""

    def __init__(self, pic: int | None) -> None:
        self.pic = pic
        self.experimental = self

    def list_physical_devices(self, _genre: str) -> list:
        return [types.SimpleNamespace(name="/physical_device:GPU:0")]

    def get_memory_info(self, nom: str) -> dict:
        if self.pic is None:  # TensorFlow n'a pas initialisé ce GPU
            raise ValueError(f"No matching devices found for '{nom}'")
        return {"current": 0, "peak": self.pic}

    def get_device_details(self, _gpu) -> dict:
        return {"device_name": "NVIDIA H200"}


@pytest.mark.parametrize(("pic", "attendu"), [
    (None, "CPU"),  # un GPU visible, jamais initialisé
    (0, "CPU"),     # initialisé, mais le code n'y a rien placé
    (1 << 20, "GPU NVIDIA H200"),
])
def test_l_appareil_tensorflow_est_celui_que_le_code_a_utilise(monkeypatch, pic, attendu):
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.setitem(sys.modules, "tensorflow",
                        types.SimpleNamespace(config=_ConfigTfFactice(pic)))
    assert appareil().startswith(attendu)
