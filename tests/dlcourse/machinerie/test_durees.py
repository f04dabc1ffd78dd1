"""Tests de dlcourse.machinerie.durees : les durées montrées au lecteur."""

from __future__ import annotations

import json

import pytest

from dlcourse.machinerie.durees import duree, la_plus_longue, ligne_des_durees

F = "\u202f"
CPU = "CPU (2 cœurs, x86_64)"


@pytest.mark.parametrize(("secondes", "texte"), [
    (0.43, f"0,4{F}s"), (42.4, f"42{F}s"), (59.6, f"1{F}min"), (276.2, f"4{F}min 36{F}s"),
])
def test_duree_a_la_francaise(secondes, texte):
    assert duree(secondes) == texte


def test_la_ligne_donne_chaque_onglet_et_l_appareil():
    executions = {"Keras": {"duree_s": 80.0, "duree_cpu_s": 72.4, "appareil": CPU},
                  "PyTorch": {"duree_s": 60.0, "duree_cpu_s": 58.0, "appareil": CPU}}
    assert ligne_des_durees(executions) == (
        f"Exécution complète : Keras 1{F}min 12{F}s, PyTorch 58{F}s de calcul, "
        f"mesurés sur {CPU} avec un seul fil de calcul.")


def test_une_page_sans_onglets_et_une_page_qui_n_entraine_pas():
    assert ligne_des_durees({"commun": {"duree_cpu_s": 6.0, "appareil": CPU}}) == (
        f"Exécution complète : 6{F}s de calcul, mesurés sur {CPU} avec un seul fil de calcul.")
    assert ligne_des_durees({"Keras": {"duree_cpu_s": 0.4, "appareil": CPU}}) == ""
    assert ligne_des_durees({}) == ""


def test_une_execution_sans_duree_est_une_erreur():
    with pytest.raises(KeyError, match="sans durée enregistrée"):
        ligne_des_durees({"Keras": {"appareil": CPU}})


def test_le_chemin_le_plus_long_du_livre(tmp_path):
    for page, executions in {"a/court": {"commun": {"duree_cpu_s": 3.0}},
                             "b/long": {"Keras": {"duree_cpu_s": 100.0},
                                        "PyTorch": {"duree_cpu_s": 130.0}}}.items():
        (tmp_path / page).mkdir(parents=True)
        (tmp_path / page / "resultats.json").write_text(json.dumps({"executions": executions}))
    assert la_plus_longue(tmp_path, {"b/long.md": "Le long"}) == (
        f"2{F}min 10{F}s (Le long, onglet PyTorch)")
    with pytest.raises(ValueError, match="aucune exécution complète"):
        la_plus_longue(tmp_path / "a" / "court" / "vide")
