"""La charge de la machine due aux *autres* processus, pour des durées vraies.

Une durée d'exécution enregistrée n'a de sens que si la cible a tourné seule :
d'autres calculs sur les mêmes cœurs peuvent la multiplier par dix. La
construction des figures (`dlcourse.machinerie.figures`) mesure donc, avant et
pendant chaque cible, le temps processeur consommé par les processus qui ne
sont pas les siens (ni elle-même, ni ses serveurs d'exécution, ni leurs
enfants), en lisant ``/proc`` (Linux).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
TOPS_PAR_SECONDE = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

SEUIL_COEURS = 0.5
"""Au-delà d'un demi-cœur occupé par d'autres processus, la machine n'est pas au repos."""


@dataclass
class Releve:
    """Un instantané : temps processeur de toute la machine et de chaque processus."""

    instant: float
    machine: int
    processus: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    """``{pid: (nom, parent, tops consommés)}``."""


@dataclass
class Charge:
    """La charge étrangère entre deux relevés."""

    coeurs_etrangers: float
    """Les cœurs occupés en moyenne par les autres processus."""
    principaux: list[str]
    """Les autres processus les plus gourmands, ``nom (pid) : x cœur``."""

    @property
    def au_repos(self) -> bool:
        return self.coeurs_etrangers <= SEUIL_COEURS

    def en_clair(self) -> str:
        detail = f" ({', '.join(self.principaux)})" if self.principaux else ""
        return f"{self.coeurs_etrangers:.2f} cœur occupé par d'autres processus{detail}"

    def enregistrement(self) -> dict[str, object]:
        return {"coeurs_etrangers": round(self.coeurs_etrangers, 2),
                "principaux": self.principaux}


def disponible() -> bool:
    """Vrai si ``/proc`` permet la mesure (Linux)."""
    return (PROC / "stat").is_file()


def tops_de_la_machine() -> tuple[int, int]:
    """Les tops de toute la machine depuis son démarrage (``/proc/stat``) : ceux où
    ses cœurs ont calculé, et ceux que l'hôte leur a pris (le *vol*, ``steal`` :
    la machine est virtuelle, et l'hôte fait parfois calculer un autre invité
    sur le même processeur)."""
    champs = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    # user nice system idle iowait irq softirq steal (guest et guest_nice y sont déjà).
    valeurs = [int(v) for v in champs[:8]]
    vol = valeurs[7]
    return sum(valeurs) - valeurs[3] - valeurs[4] - vol, vol


def _tops_machine() -> int:
    """Tout sauf le repos et l'attente d'E/S : le vol de l'hôte compte comme une charge
    étrangère, puisqu'il ralentit la cible autant qu'un autre processus."""
    return sum(tops_de_la_machine())


def _processus() -> dict[int, tuple[str, int, int]]:
    resultat = {}
    for dossier in PROC.iterdir():
        if not dossier.name.isdigit():
            continue
        try:
            texte = (dossier / "stat").read_text()
        except OSError:
            continue
        nom = texte[texte.index("(") + 1:texte.rindex(")")]
        champs = texte[texte.rindex(")") + 2:].split()
        # champs[1] : le parent ; [11] à [14] : utime, stime, puis ceux des enfants attendus.
        resultat[int(dossier.name)] = (nom, int(champs[1]),
                                       sum(int(v) for v in champs[11:15]))
    return resultat


def relever() -> Releve:
    """Un instantané des compteurs de temps processeur."""
    return Releve(time.monotonic(), _tops_machine(), _processus())


def _les_notres(processus: dict[int, tuple[str, int, int]], racine: int) -> set[int]:
    """``racine`` et tous ses descendants."""
    enfants: dict[int, list[int]] = {}
    for pid, (_, parent, _) in processus.items():
        enfants.setdefault(parent, []).append(pid)
    notres, a_voir = set(), [racine]
    while a_voir:
        pid = a_voir.pop()
        if pid not in notres:
            notres.add(pid)
            a_voir.extend(enfants.get(pid, []))
    return notres


def charge_entre(avant: Releve, apres: Releve, racine: int | None = None) -> Charge:
    """La charge due aux processus qui ne descendent pas de ``racine`` (ce processus)."""
    racine = os.getpid() if racine is None else racine
    duree = max(apres.instant - avant.instant, 1e-6) * TOPS_PAR_SECONDE
    notres = _les_notres(apres.processus, racine) | _les_notres(avant.processus, racine)
    par_processus = {}
    for pid, (nom, _, tops) in apres.processus.items():
        if pid in notres:
            continue
        depuis = avant.processus.get(pid, (nom, 0, 0))[2]
        if tops - depuis > 0:
            par_processus[pid] = (nom, tops - depuis)
    # Le total de la machine, moins le nôtre : ce que les autres ont consommé
    # (y compris des processus nés puis morts entre les deux relevés).
    les_notres = sum(t - avant.processus.get(pid, ("", 0, 0))[2]
                     for pid, (_, _, t) in apres.processus.items() if pid in notres)
    etrangers = max(0.0, (apres.machine - avant.machine - les_notres) / duree)
    principaux = [f"{nom} ({pid}) : {tops / duree:.1f} cœur"
                  for pid, (nom, tops) in sorted(par_processus.items(),
                                                 key=lambda e: -e[1][1])[:3]
                  if tops / duree >= 0.1]
    return Charge(etrangers, principaux)


def mesurer(duree: float = 1.0, racine: int | None = None) -> Charge:
    """La charge étrangère pendant ``duree`` secondes (0 cœur si ``/proc`` manque)."""
    if not disponible():
        return Charge(0.0, [])
    avant = relever()
    time.sleep(duree)
    return charge_entre(avant, relever(), racine)
