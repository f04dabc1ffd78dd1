"""Tests de dlcourse.machinerie.figures : déclarations, empreintes, péremption, construction.

La construction passe par des serveurs d'exécution : ici, soit de faux
serveurs qui rendent un rapport tout fait (rapide), soit les serveurs de la
session de tests (fixture ``serveurs``), jamais de nouveaux.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS
from dlcourse.machinerie import charge, environnement, figures, serveur
from dlcourse.machinerie.pages import RACINE

PAGE = textwrap.dedent('''\
    ---
    execution:
      Calcul:
        figures:
          - fichier: courbe.png
            alt: "Une droite"
        resultats:
          total: total
    ---
    # Essai

    === "Calcul"

        ```python
        import matplotlib.pyplot as plt
        total = sum(range(4))
        plt.plot([0, total])
        plt.show()
        ```
    ''')


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """Un livre d'une page (``docs/partie/essai.md``) à la place de ``docs/``."""
    dossier = tmp_path / "docs"
    (dossier / "partie").mkdir(parents=True)
    page = dossier / "partie" / "essai.md"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(figures, "DOSSIER_DOCS", dossier)
    monkeypatch.setattr(figures, "pages", lambda: [page])
    return page


class FauxServeurs:
    """Des serveurs qui n'exécutent rien : ils écrivent les figures déclarées et un rapport."""

    appels: list[tuple[str, str]] = []

    def executer(self, demande, profil, dossier):
        FauxServeurs.appels.append((demande.nom, profil))
        for figure in demande.figures:
            (Path(dossier) / figure.fichier).write_bytes(b"\x89PNG")
        return {"profil": profil, "duree_s": 0.1, "duree_cpu_s": 0.1, "donnees": [],
                "resultats": {"total": 6}, "echec": None,
                "figures": [{"fichier": f.fichier, "alt": f.alt} for f in demande.figures]}

    def fermer(self):
        pass


@pytest.fixture
def faux_serveurs(monkeypatch, machine_au_repos):
    """``construire`` reçoit de faux serveurs (aucune exécution)."""
    FauxServeurs.appels = []
    monkeypatch.setattr(serveur, "Serveurs", FauxServeurs)
    return FauxServeurs.appels


@pytest.fixture
def serveurs_de_la_session(serveurs, monkeypatch, machine_au_repos):
    """``construire`` emprunte les serveurs de la session, en profil rapide, sans les fermer."""

    class Emprunt:
        def executer(self, demande, profil, dossier):
            return serveurs.executer(demande, "rapide", dossier, delai=120)

        def fermer(self):
            pass

    monkeypatch.setattr(serveur, "Serveurs", Emprunt)


def _muet(_texte: str) -> None:
    pass


# -- déclarations ------------------------------------------------------------

def test_cibles_lit_l_entete(docs):
    (cible,) = figures.cibles()
    assert cible.onglet == "Calcul" and not cible.est_carnet
    assert cible.demande.figures == [figures.Figure("courbe.png", "Une droite")]
    assert cible.demande.resultats == {"total": "total"}
    assert cible.demande.page == str(docs) and cible.demande.onglet == "Calcul"
    assert cible.demande.frameworks == []  # matplotlib seulement : aucun framework à charger
    assert cible.dossier == docs.with_suffix("")
    assert cible.nom == "partie/essai.md [Calcul]"


def test_entete_mal_forme(docs):
    docs.write_text(PAGE.replace('execution:\n  Calcul:', 'execution:\n  Absent:'),
                    encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="'Absent', absent de la page"):
        figures.cibles()
    docs.write_text(PAGE.replace('alt: "Une droite"', 'alt: " "'), encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="texte alternatif vide"):
        figures.cibles()
    docs.write_text(PAGE.replace('        alt: "Une droite"\n', ''), encoding="utf-8")
    with pytest.raises(figures.ErreurEntete, match="« fichier » et « alt »"):
        figures.cibles()


def test_le_chemin_commun_execute_les_blocs_hors_onglets(docs):
    """« commun » désigne les blocs hors onglets : le chemin d'une page sans onglets."""
    docs.write_text(textwrap.dedent('''\
        ---
        execution:
          commun:
            resultats:
              total: total
        ---
        # Sans onglets

        ```python
        total = sum(range(4))
        ```

        === "Keras"

            ```python
            seulement_keras = 1
            ```
        '''), encoding="utf-8")
    commun = figures.cibles()[0]
    assert commun.onglet == figures.COMMUN and commun.demande.onglet is None
    assert figures.code_de_la_demande(commun.demande) == ["total = sum(range(4))\n"]
    assert commun.nom == "partie/essai.md [commun]"
    # L'onglet non déclaré est une cible aussi (ses sorties sont enregistrées), sans résultat.
    assert [(c.onglet, c.demande.resultats) for c in figures.cibles()[1:]] == [("Keras", {})]


# -- empreinte ---------------------------------------------------------------

def test_l_empreinte_suit_le_code(docs):
    (cible,) = figures.cibles()
    avant = figures.empreinte(cible)
    assert len(avant) == 64 and avant == figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("range(4)", "range(5)"), encoding="utf-8")
    assert figures.empreinte(figures.cibles()[0]) != avant


def test_l_empreinte_ignore_la_prose_de_la_page(docs):
    """Titre, paragraphes et texte autour des blocs : rien de cela ne périme une figure."""
    avant = figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("# Essai\n", "# Un autre titre\n\nUn paragraphe *neuf*.\n")
                    + "\nUne conclusion.\n", encoding="utf-8")
    assert figures.empreinte(figures.cibles()[0]) == avant


def test_l_empreinte_suit_les_declarations(docs):
    """Un texte alternatif ou une expression de résultat qui change : une autre empreinte."""
    avant = figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("Une droite", "Une autre droite"), encoding="utf-8")
    alt = figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("total: total", "total: total + 0"), encoding="utf-8")
    assert len({avant, alt, figures.empreinte(figures.cibles()[0])}) == 3


def test_l_empreinte_suit_les_modules_dlcourse_importes(docs):
    avant = figures.empreinte(figures.cibles()[0])
    docs.write_text(PAGE.replace("import matplotlib.pyplot as plt",
                                 "import matplotlib.pyplot as plt\n"
                                 "    import dlcourse.aides.courbes"),
                    encoding="utf-8")
    (cible,) = figures.cibles()
    assert figures.empreinte(cible) != avant


@pytest.fixture
def racine(tmp_path, monkeypatch, docs):
    """Un faux paquet ``dlcourse`` : la page importe ``dlcourse.a``, qui importe ``dlcourse.b``."""
    paquet = tmp_path / "racine" / "dlcourse"
    paquet.mkdir(parents=True)
    (paquet / "a.py").write_text('"""Module A."""\n\nfrom dlcourse.b import g\n\n\n'
                                 'def f():\n    return g()\n')
    (paquet / "b.py").write_text('"""Module B."""\n\n\ndef g():\n    """Doc."""\n'
                                 '    return 1  # note\n')
    monkeypatch.setattr(figures, "RACINE", tmp_path / "racine")
    docs.write_text(PAGE.replace("total = sum", "from dlcourse import a\n    total = sum"),
                    encoding="utf-8")
    return paquet


def test_l_empreinte_suit_les_imports_de_proche_en_proche(racine):
    """``from dlcourse import a`` puis, dans A, ``from dlcourse.b import g`` : B compte aussi."""
    (cible,) = figures.cibles()
    code = "\n".join(figures.code_de_la_demande(cible.demande))
    assert list(figures.modules_importes(code)) == ["dlcourse.a", "dlcourse.b"]
    avant = figures.empreinte(cible)
    (racine / "b.py").write_text('"""Module B."""\n\n\ndef g():\n    return 2\n')
    assert figures.empreinte(figures.cibles()[0]) != avant


def test_l_empreinte_ignore_la_documentation_des_modules(racine):
    """Commentaires et docstrings d'un module importé (même indirectement) : même empreinte."""
    avant = figures.empreinte(figures.cibles()[0])
    (racine / "b.py").write_text('"""Autre doc, qui cite dlcourse.c."""\n\n\ndef g():\n'
                                 '    """Autre."""\n    # dlcourse.c\n    return 1\n')
    (racine / "c.py").write_text("X = 1\n")
    (racine / "a.py").write_text('"""Module A, réécrit."""\n\nfrom dlcourse.b import g  # B\n'
                                 '\n\ndef f():\n    """Appelle g."""\n    return g()\n')
    assert figures.empreinte(figures.cibles()[0]) == avant
    (racine / "a.py").write_text('from dlcourse.b import g\n\n\ndef f():\n    return g() + 1\n')
    assert figures.empreinte(figures.cibles()[0]) != avant


# -- péremption et construction ----------------------------------------------

def test_construire_puis_plus_rien_a_faire(docs, faux_serveurs):
    assert [c for c, _ in figures.perimees([docs])] and "jamais" in figures.perimees([docs])[0][1]
    assert len(figures.construire([docs], afficher=_muet)) == 1
    assert faux_serveurs == [("partie/essai.md [Calcul]", "complet")]
    enregistre = json.loads((docs.with_suffix("") / "resultats.json").read_text())
    assert enregistre["page"] == "partie/essai.md"
    assert enregistre["executions"]["Calcul"]["resultats"] == {"total": 6}
    assert (docs.with_suffix("") / "courbe.png").read_bytes() == b"\x89PNG"
    assert figures.perimees([docs]) == []
    assert figures.construire([docs], afficher=_muet) == []  # à jour : sauté
    assert len(faux_serveurs) == 1
    assert len(figures.construire([docs], forcer=True, afficher=_muet)) == 1
    docs.write_text(PAGE.replace("range(4)", "range(5)"), encoding="utf-8")
    assert "le code a changé" in figures.perimees([docs])[0][1]


def test_une_figure_absente_rend_la_page_perimee(docs, faux_serveurs):
    figures.construire([docs], afficher=_muet)
    (docs.with_suffix("") / "courbe.png").unlink()
    assert figures.perimees([docs])[0][1] == "figure(s) absente(s) : courbe.png"


def test_perimees_examine_les_carnets_seulement_pour_tout_le_livre(docs, faux_serveurs,
                                                                   monkeypatch):
    """Sans liste de pages, les carnets de TP sont examinés aussi ; avec une liste, non."""
    appels = []
    monkeypatch.setattr(figures, "cibles_des_carnets", lambda: appels.append("carnets") or [])
    figures.construire([docs], afficher=_muet)
    figures.perimees([docs])
    assert appels == []
    assert figures.perimees() == [] and appels == ["carnets"]
    figures.perimees([docs], carnets=True)
    assert appels == ["carnets", "carnets"]


def test_construction_reelle_par_les_serveurs_de_la_session(docs, serveurs_de_la_session):
    (cible,) = figures.construire([docs], afficher=_muet)
    rapport = figures.lire_resultats(docs)["Calcul"]
    assert rapport["resultats"] == {"total": 6}
    assert (cible.dossier / "courbe.png").read_bytes().startswith(b"\x89PNG")
    assert rapport["empreinte"] == figures.empreinte(cible)
    # Les serveurs de la session exécutent en profil rapide : ce n'est pas une construction.
    assert figures.perimees([docs])[0][1] == "construite avec le profil rapide"
    assert not list(docs.parent.rglob("*.provisoire"))


# -- la garde de charge --------------------------------------------------------

def _charges(monkeypatch, *valeurs: float) -> None:
    """``charge.mesurer`` renvoie ces charges, l'une après l'autre (puis la dernière)."""
    suite = list(valeurs)
    monkeypatch.setattr(charge, "mesurer", lambda *_a, **_k: charge.Charge(
        suite.pop(0) if len(suite) > 1 else suite[0], ["python (123) : 1.5 cœur"]))


def test_machine_occupee_rien_n_est_enregistre(docs, faux_serveurs, monkeypatch):
    """D'autres processus occupent la machine : la cible attend, puis refuse, sans rien écrire."""
    _charges(monkeypatch, 1.5)
    monkeypatch.setattr(figures, "ATTENTE_DU_REPOS_S", 0.0)
    with pytest.raises(figures.MachineOccupee, match=r"partie/essai.md \[Calcul\] : machine "
                       r"occupée \(1.50 cœur occupé par d'autres processus \(python \(123\)"):
        figures.construire([docs], afficher=_muet)
    assert faux_serveurs == []
    assert not docs.with_suffix("").exists()


def test_la_cible_attend_le_repos(docs, faux_serveurs, monkeypatch):
    """Occupée au premier relevé, au repos au suivant : la cible attend puis s'exécute."""
    _charges(monkeypatch, 1.5, 0.1)
    monkeypatch.setattr(figures.time, "sleep", lambda _s: None)
    messages: list[str] = []
    figures.construire([docs], afficher=messages.append)
    assert any("machine occupée" in m and "j'attends" in m for m in messages)
    rapport = figures.lire_resultats(docs)["Calcul"]
    assert rapport["charge_au_depart"] == {"coeurs_etrangers": 0.1,
                                           "principaux": ["python (123) : 1.5 cœur"]}


def test_derangee_pendant_l_execution_elle_est_refaite(docs, faux_serveurs, monkeypatch):
    """Une exécution pendant laquelle d'autres processus ont tourné est refaite une fois."""
    pendant = [charge.Charge(1.2, ["chromium (7) : 1.2 cœur"]), charge.Charge(0.0, [])]
    monkeypatch.setattr(charge, "disponible", lambda: True)
    monkeypatch.setattr(charge, "relever", object)
    monkeypatch.setattr(charge, "charge_entre", lambda *_a, **_k: pendant.pop(0))
    messages: list[str] = []
    figures.construire([docs], afficher=messages.append)
    assert len(faux_serveurs) == 2
    assert any("dérangée" in m and "chromium" in m for m in messages)
    assert figures.lire_resultats(docs)["Calcul"]["charge_pendant"]["coeurs_etrangers"] == 0.0


def test_malgre_la_charge_la_charge_est_notee(docs, faux_serveurs, monkeypatch):
    _charges(monkeypatch, 1.5)
    figures.construire([docs], afficher=_muet, malgre_la_charge=True)
    rapport = figures.lire_resultats(docs)["Calcul"]
    assert rapport["charge_au_depart"]["coeurs_etrangers"] == 1.5


# -- écriture atomique -------------------------------------------------------

def test_ecrire_atomiquement_remplace_le_fichier_en_entier(tmp_path):
    fichier = tmp_path / "sous" / "resultats.json"
    figures.ecrire_atomiquement(fichier, "un contenu long\n" * 100)
    figures.ecrire_atomiquement(fichier, "court\n")
    assert fichier.read_text(encoding="utf-8") == "court\n"
    figures.ecrire_atomiquement(fichier, b"\x89PNG")
    assert fichier.read_bytes() == b"\x89PNG"
    assert sorted(p.name for p in fichier.parent.iterdir()) == ["resultats.json"]


def test_ecrire_atomiquement_une_ecriture_interrompue_garde_l_ancien(tmp_path, monkeypatch):
    """Interrompue avant le renommage, l'écriture laisse l'ancien fichier intact."""
    fichier = tmp_path / "resultats.json"
    fichier.write_text("ancien\n", encoding="utf-8")

    def interrompre(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(figures.os, "replace", interrompre)
    with pytest.raises(KeyboardInterrupt):
        figures.ecrire_atomiquement(fichier, "nouveau\n")
    assert fichier.read_text(encoding="utf-8") == "ancien\n"


# -- make figures : une entrée invalide, une ligne en français, code 2 -------

@pytest.fixture(scope="module")
def commandes(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """``python -m dlcourse.machinerie.figures`` sur trois entrées invalides, lancées ensemble."""
    dossier = tmp_path_factory.mktemp("make-figures")
    miroir = dossier / "miroir"
    shutil.copytree(DOSSIER_ECHANTILLONS, miroir)
    tronque = miroir / "mnist" / "t10k-labels-idx1-ubyte.gz"
    tronque.write_bytes(tronque.read_bytes()[:-20])
    page = str(RACINE / "docs" / "index.md")
    cas = {
        "page": (["docs/pas-une-page.md"], {}),
        "carnet": (["docs/tp/pas-un-carnet.ipynb"], {}),
        "miroir-absent": ([page], {"DLCOURSE_DATA_DIR": str(dossier / "absent")}),
        "miroir-tronque": ([page], {"DLCOURSE_DATA_DIR": str(miroir)}),
    }
    lances = {}
    for nom, (arguments, variables) in cas.items():
        env = {k: v for k, v in os.environ.items() if k != "DLCOURSE_DATA_DIR"}
        lances[nom] = subprocess.Popen(
            [sys.executable, "-m", "dlcourse.machinerie.figures", *arguments], cwd=RACINE,
            env={**env, **variables}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    resultats = {}
    for nom, p in lances.items():
        sortie, erreurs = p.communicate(timeout=120)
        resultats[nom] = subprocess.CompletedProcess(p.args, p.returncode, sortie, erreurs)
    resultats["fichier-tronque"] = tronque  # type: ignore[assignment]
    resultats["miroir-absent-dossier"] = dossier / "absent"  # type: ignore[assignment]
    return resultats


def _une_ligne(erreurs: str) -> str:
    """La seule ligne écrite sur la sortie d'erreur, sans trace Python."""
    assert "Traceback" not in erreurs, erreurs
    lignes = erreurs.splitlines()
    assert len(lignes) == 1, erreurs
    assert lignes[0].startswith("make figures : "), erreurs
    return lignes[0]


def test_make_figures_page_inconnue(commandes):
    resultat = commandes["page"]
    assert resultat.returncode == 2
    assert _une_ligne(resultat.stderr) == (
        "make figures : page introuvable : docs/pas-une-page.md (attendu : un fichier .md "
        "existant sous docs/, ou un carnet de TP docs/tp/NOM.ipynb).")


def test_make_figures_carnet_inconnu(commandes):
    resultat = commandes["carnet"]
    assert resultat.returncode == 2
    ligne = _une_ligne(resultat.stderr)
    assert ligne.startswith(
        "make figures : carnet de TP introuvable : docs/tp/pas-un-carnet.ipynb (attendu : "
        "docs/tp/NOM.ipynb ou snippets/tp/NOM.py, NOM parmi "), ligne
    assert "cnn-mnist-keras" in ligne


@pytest.mark.parametrize("demande", ["docs/tp/cnn-mnist-keras.ipynb",
                                     "snippets/tp/cnn-mnist-keras.py"])
def test_un_carnet_se_demande_seul(demande):
    """Un carnet nommé en ligne de commande : ce carnet-là, sans aucune page."""
    nom = figures._page_ou_carnet(Path(demande))
    assert nom == "cnn-mnist-keras"
    assert [c.nom for c in figures._cibles_demandees([], [nom])] == ["tp/cnn-mnist-keras.ipynb"]
    page = RACINE / "docs" / "entrainement" / "mnist-mlp.md"
    assert {c.nom for c in figures._cibles_demandees([page], [nom])} == {
        "entrainement/mnist-mlp.md [Keras]", "entrainement/mnist-mlp.md [PyTorch]",
        "tp/cnn-mnist-keras.ipynb"}


def test_make_figures_miroir_absent(commandes):
    resultat = commandes["miroir-absent"]
    assert resultat.returncode == 2
    assert _une_ligne(resultat.stderr) == (
        f"make figures : DLCOURSE_DATA_DIR : le dossier {commandes['miroir-absent-dossier']} "
        "n'existe pas (un miroir organisé comme ../shared/data est attendu).")


def test_make_figures_miroir_tronque(commandes):
    resultat = commandes["miroir-tronque"]
    assert resultat.returncode == 2
    assert _une_ligne(resultat.stderr).startswith(
        f"make figures : fichier de données tronqué ou illisible : "
        f"{commandes['fichier-tronque'].resolve()} (")


@pytest.fixture
def main_sur_le_faux_livre(docs, monkeypatch, serveurs_de_la_session):
    """``figures.main`` dans ce processus : sans miroir, environnement de la session gardé."""
    monkeypatch.delenv("DLCOURSE_DATA_DIR", raising=False)
    monkeypatch.setattr(environnement, "preparer_environnement", lambda **_: {})
    return docs


def _aucun_fichier_ecrit(page: Path) -> None:
    assert not (page.with_suffix("") / "courbe.png").exists()
    assert not list(page.parent.parent.rglob("*.provisoire"))


def test_make_figures_onglet_inconnu(main_sur_le_faux_livre, capsys):
    page = main_sur_le_faux_livre
    page.write_text(PAGE.replace('execution:\n  Calcul:', 'execution:\n  Absent:'),
                    encoding="utf-8")
    with pytest.raises(SystemExit) as fin:
        figures.main([str(page)])
    assert fin.value.code == 2
    ligne = _une_ligne(capsys.readouterr().err)
    assert ligne.startswith("make figures : essai.md : execution nomme l'onglet 'Absent', "
                            "absent de la page (onglets : Calcul ;")
    assert not (page.with_suffix("") / "resultats.json").exists()
    _aucun_fichier_ecrit(page)


def test_make_figures_resultat_qui_ne_s_evalue_pas(main_sur_le_faux_livre, capsys):
    """Le message nomme la page, l'onglet et l'expression ; rien n'est écrit à moitié."""
    page = main_sur_le_faux_livre
    page.write_text(PAGE.replace("total: total", "total: inconnu + 1"), encoding="utf-8")
    resultats = page.with_suffix("") / "resultats.json"
    resultats.parent.mkdir()
    ancien = '{"page": "partie/essai.md", "executions": {}}\n'
    resultats.write_text(ancien, encoding="utf-8")
    with pytest.raises(SystemExit) as fin:
        figures.main([str(page)])
    assert fin.value.code == 2
    ligne = _une_ligne(capsys.readouterr().err)
    assert ligne.startswith("make figures : partie/essai.md [Calcul] : ")
    assert "le résultat « total » (inconnu + 1) ne s'évalue pas : NameError" in ligne
    assert resultats.read_text(encoding="utf-8") == ancien
    _aucun_fichier_ecrit(page)


def test_main_construit_tout_le_livre_ou_les_pages_nommees(monkeypatch):
    """Sans page : tout le livre (carnets compris) ; avec des pages ou des carnets : eux seuls."""
    appels = []
    monkeypatch.delenv("DLCOURSE_DATA_DIR", raising=False)
    monkeypatch.setattr(environnement, "preparer_environnement",
                        lambda **options: appels.append(("environnement", options)))
    monkeypatch.setattr(figures, "construire",
                        lambda liste, forcer, paralleles, carnets, malgre_la_charge: appels.append(
                            (liste, carnets, forcer, paralleles)))
    figures.main([])
    assert appels == [("environnement", {"fils": 1}), (None, None, False, 2)]
    appels.clear()
    figures.main(["--forcer", "--paralleles", "1", str(RACINE / "docs" / "index.md")])
    assert appels == [("environnement", {"fils": None}),
                      ([RACINE / "docs" / "index.md"], [], True, 1)]
    appels.clear()
    figures.main(["docs/tp/cnn-mnist-pytorch.ipynb"])
    assert appels == [("environnement", {"fils": 1}), ([], ["cnn-mnist-pytorch"], False, 2)]


def test_les_cibles_les_plus_longues_d_abord(docs, faux_serveurs, monkeypatch):
    """La construction lance d'abord les cibles dont la dernière exécution a été la plus longue."""
    deux = PAGE.replace("execution:\n  Calcul:", "execution:\n  Court:\n    resultats:\n"
                        "      total: total\n  Calcul:")
    deux = deux.replace('=== "Calcul"', '=== "Court"\n\n    ```python\n    total = 6\n    ```\n\n'
                        '=== "Calcul"')
    docs.write_text(deux, encoding="utf-8")
    assert [c.onglet for c in figures.cibles()] == ["Court", "Calcul"]
    couts = {"Court": 1.0, "Calcul": 50.0}
    monkeypatch.setattr(figures, "enregistrement",
                        lambda cible: {"duree_cpu_s": couts[cible.onglet]})
    figures.construire([docs], forcer=True, afficher=_muet, paralleles=1)
    assert [nom for nom, _ in faux_serveurs] == ["partie/essai.md [Calcul]",
                                                "partie/essai.md [Court]"]
    assert figures.cout_enregistre(figures.cibles()[0]) == 1.0
