"""Le script de mesure (``benchmarks/mesurer.py``) : le travail d'une mesure et son plancher."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mesurer():
    spec = importlib.util.spec_from_file_location("mesurer", RACINE / "benchmarks" / "mesurer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_le_plancher_est_le_travail_reparti_sur_tous_les_coeurs(mesurer, monkeypatch):
    monkeypatch.setattr(mesurer, "_compteurs_de_la_machine", lambda: (1000.0 + 300.0, 5.0 + 12.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert mesurer.travail(200.0, (1000.0, 5.0)) == {
        "secondes_coeur": 300.0, "plancher_s": 150.0, "utilisation_des_coeurs": 0.75,
        "vol_de_l_hote_s": 12.0}


def test_sans_compteur_de_la_machine_rien_n_est_invente(mesurer, monkeypatch):
    monkeypatch.setattr(mesurer, "_compteurs_de_la_machine", lambda: None)
    assert mesurer.travail(200.0, (1000.0, 5.0)) == {}
    assert mesurer.travail(200.0, None) == {}


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="/proc/stat : Linux seulement")
def test_le_compteur_de_la_machine_voit_un_calcul(mesurer):
    occupees, vol = mesurer._compteurs_de_la_machine()
    fin = time.process_time() + 0.3
    while time.process_time() < fin:  # 0,3 s de calcul dans ce processus
        pass
    apres, vol_apres = mesurer._compteurs_de_la_machine()
    # Le calcul, moins ce que l'hôte a pu prendre pendant ce temps (compté à part).
    assert apres - occupees >= 0.25 - (vol_apres - vol)
    assert vol_apres >= vol >= 0


def test_le_vol_de_l_hote_n_est_pas_du_travail(mesurer, monkeypatch, tmp_path):
    """La 8e colonne de /proc/stat (steal) est comptée à part, hors des secondes-cœurs."""
    from dlcourse.machinerie import charge

    # user nice system idle iowait irq softirq steal guest guest_nice, en tops.
    (tmp_path / "stat").write_text("cpu  700 100 200 5000 40 0 0 300 0 0\n"
                                   "cpu0 1 2 3 4 5 6 7 8 0 0\n")
    monkeypatch.setattr(charge, "PROC", tmp_path)
    monkeypatch.setattr(charge, "TOPS_PAR_SECONDE", 100)
    assert mesurer._compteurs_de_la_machine() == (10.0, 3.0)
    # La construction, elle, compte le vol dans la charge de la machine.
    assert charge._tops_machine() == 1000 + 300


def test_l_etalon_garde_le_meilleur_essai(mesurer, monkeypatch, tmp_path):
    """Un essai dérangé (plus long) ne compte pas : l'étalon est le plus court."""
    compteur = tmp_path / "essais"
    programme = (f"import pathlib; p = pathlib.Path({str(compteur)!r}); "
                 "n = int(p.read_text()) if p.exists() else 0; p.write_text(str(n + 1)); "
                 "print([0.9, 0.4, 0.7][n])")
    monkeypatch.setattr(mesurer, "ETALON", programme)
    assert mesurer.etalon(essais=3) == 0.4


def test_l_etalon_mesure_un_vrai_calcul(mesurer):
    assert 0.01 < mesurer.etalon(essais=1) < 60


def test_sans_gpu_la_mesure_gpu_refuse_en_francais():
    """``--gpu`` sur une machine sans GPU : un message clair, rien d'écrit."""
    import subprocess
    import sys

    avant = (RACINE / "benchmarks" / "resultats.json").read_bytes()
    fini = subprocess.run([sys.executable, str(RACINE / "benchmarks" / "mesurer.py"), "--gpu"],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    assert fini.returncode != 0
    assert "ne voit aucun GPU" in fini.stderr
    assert (RACINE / "benchmarks" / "resultats.json").read_bytes() == avant


def test_la_mesure_sur_gpu_a_calcule_sur_le_gpu():
    """La dernière mesure ``--gpu`` : tous les chemins PyTorch ont réussi, et chacun de
    ceux qui entraînent un modèle (une exactitude ou une RMSE de test) a calculé sur le
    GPU, sans que son code ait été retouché pour cela."""
    import json

    mesures = json.loads((RACINE / "benchmarks" / "resultats.json").read_text(encoding="utf-8"))
    if "chemins_pytorch_gpu" not in mesures:
        pytest.skip("aucune mesure sur GPU enregistrée (outil device : seulement certaines "
                    "sessions en ont un)")
    gpu = mesures["chemins_pytorch_gpu"]
    assert gpu["reussie"] and not gpu["echecs"]
    entrainent = {nom: chemin for nom, chemin in gpu["par_chemin"].items()
                  if any(cle.startswith(("exactitude_test", "rmse_test"))
                         for cle in chemin["resultats"])}
    assert len(entrainent) >= 8
    sur_cpu = [nom for nom, chemin in entrainent.items()
               if not chemin["appareil"].startswith("GPU")]
    assert not sur_cpu, f"ces chemins n'ont pas utilisé le GPU : {sur_cpu}"


def test_le_plancher_additionne_le_travail_obligatoire_et_echoue_au_dela(
        mesurer, monkeypatch, tmp_path):
    """``--plancher`` : les parties obligatoires (`TRAVAIL_OBLIGATOIRE`) s'exécutent l'une
    après l'autre ; leur travail additionné, réparti sur les cœurs, est comparé à
    l'objectif, et un plancher au-delà fait échouer la mesure (code 1)."""
    import json
    import subprocess
    import sys

    lancees = []

    def executer(arguments, **options):
        lancees.append(arguments)
        return subprocess.CompletedProcess(arguments, 0, "", "")

    # Chaque partie coûte 150 s-cœur à la machine (et l'hôte en vole 1) : 450 en tout.
    compteurs = iter([(0.0, 0.0), (150.0, 1.0), (150.0, 1.0), (300.0, 2.0),
                      (300.0, 2.0), (450.0, 3.0)])
    monkeypatch.setattr(mesurer.subprocess, "run", executer)
    monkeypatch.setattr(mesurer, "_compteurs_de_la_machine", lambda: next(compteurs))
    monkeypatch.setattr(mesurer, "machine", lambda: {})
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(mesurer, "FICHIER", tmp_path / "resultats.json")
    monkeypatch.setattr(sys, "argv", ["mesurer.py", "--plancher"])
    with pytest.raises(SystemExit) as sortie:
        mesurer.main()
    assert sortie.value.code == 1
    assert len(lancees) == len(mesurer.TRAVAIL_OBLIGATOIRE) == 3
    assert not any("{site}" in " ".join(a) for a in lancees)
    mesure = json.loads((tmp_path / "resultats.json").read_text())["plancher_suite_rapide"]
    assert (mesure["secondes_coeur"], mesure["plancher_s"], mesure["vol_de_l_hote_s"]) == (
        450.0, 225.0, 3.0)
    assert mesure["objectif_s"] == 180 and mesure["objectif_atteint"] is False
    assert [p["secondes_coeur"] for p in mesure["parties"].values()] == [150.0] * 3
