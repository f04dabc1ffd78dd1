"""Tests de dlcourse.machinerie.charge : la charge due aux autres processus."""

from __future__ import annotations

import os

from dlcourse.machinerie import charge
from dlcourse.machinerie.charge import Releve, charge_entre

TOPS = charge.TOPS_PAR_SECONDE


def test_seuls_les_autres_processus_comptent():
    """Sur 2 s : nous (et notre enfant) 3 s de processeur, un étranger 1,6 s → 0,8 cœur."""
    avant = Releve(0.0, 0, {1: ("init", 0, 0), 10: ("pytest", 1, 0), 11: ("serveur", 10, 0),
                            20: ("chromium", 1, 0)})
    apres = Releve(2.0, int(4.6 * TOPS), {1: ("init", 0, 0), 10: ("pytest", 1, TOPS),
                                          11: ("serveur", 10, 2 * TOPS),
                                          20: ("chromium", 1, int(1.6 * TOPS))})
    mesure = charge_entre(avant, apres, racine=10)
    assert round(mesure.coeurs_etrangers, 2) == 0.8
    assert mesure.principaux == ["chromium (20) : 0.8 cœur"]
    assert not mesure.au_repos
    assert mesure.en_clair() == ("0.80 cœur occupé par d'autres processus "
                                 "(chromium (20) : 0.8 cœur)")


def test_une_machine_calme_est_au_repos():
    avant = Releve(0.0, 0, {10: ("pytest", 1, 0)})
    apres = Releve(1.0, TOPS, {10: ("pytest", 1, TOPS)})
    mesure = charge_entre(avant, apres, racine=10)
    assert mesure.coeurs_etrangers == 0.0 and mesure.au_repos and mesure.principaux == []


def test_une_vraie_mesure_exclut_ce_processus():
    """Mesurée pour de vrai, ce processus (qui dort) n'est jamais compté."""
    if not charge.disponible():
        return
    releve = charge.relever()
    assert os.getpid() in releve.processus
    mesure = charge.mesurer(0.2)
    assert all(f"({os.getpid()})" not in p for p in mesure.principaux)
