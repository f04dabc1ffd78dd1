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
    monkeypatch.setattr(mesurer, "_secondes_coeur_occupees", lambda: 1000.0 + 300.0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert mesurer.travail(200.0, 1000.0) == {
        "secondes_coeur": 300.0, "plancher_s": 150.0, "utilisation_des_coeurs": 0.75}


def test_sans_compteur_de_la_machine_rien_n_est_invente(mesurer, monkeypatch):
    monkeypatch.setattr(mesurer, "_secondes_coeur_occupees", lambda: None)
    assert mesurer.travail(200.0, 1000.0) == {}
    assert mesurer.travail(200.0, None) == {}


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="/proc/stat : Linux seulement")
def test_le_compteur_de_la_machine_voit_un_calcul(mesurer):
    avant = mesurer._secondes_coeur_occupees()
    fin = time.process_time() + 0.3
    while time.process_time() < fin:  # 0,3 s de calcul dans ce processus
        pass
    assert mesurer._secondes_coeur_occupees() - avant >= 0.25


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
