"""Des processus neufs sans repayer l'import des frameworks : un serveur par jeu de frameworks.

Importer PyTorch et TensorFlow coûte 6 à 8 s par processus, et le livre a une
cinquantaine de chemins. Un *serveur* est un processus Python qui prépare
l'environnement (`dlcourse.machinerie.environnement`), importe les frameworks
d'un jeu donné (aucun, PyTorch, TensorFlow, ou les deux dans l'ordre sûr de
`dlcourse.machinerie.ordre_imports`), puis attend des demandes. Il n'exécute
jamais de code de page : pour chaque demande, il se *duplique* (``fork``) et
c'est l'enfant, un processus neuf qui n'a vu aucun autre chemin, qui exécute
le chemin (`dlcourse.machinerie.execution`) puis disparaît. Rien ne passe
donc d'un chemin à l'autre ; ``tests/dlcourse/machinerie/test_serveur.py`` le
vérifie.

Un chemin est envoyé au serveur dont le jeu de frameworks est exactement
celui que son code importe : une page NumPy ne charge aucun framework.
"""

from __future__ import annotations

import itertools
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from dlcourse.machinerie.execution import Demande, ErreurExecution

DELAI_PAR_DEFAUT = 3600
"""Durée maximale (secondes) d'une exécution."""


def _boucle(frameworks: list[str]) -> None:
    """Le serveur : importe, se déclare prêt, puis duplique un enfant par demande.

    Les demandes arrivent une par ligne sur l'entrée standard, chacune avec son
    numéro ; plusieurs enfants peuvent tourner à la fois (la construction des
    figures partage un serveur entre ses deux fils). La réponse de chaque
    enfant, ``{"id": …, "code": …}``, part quand il se termine.
    """
    from dlcourse.machinerie.environnement import preparer_environnement

    preparer_environnement()
    from dlcourse.machinerie.ordre_imports import charger_frameworks

    charger_frameworks(frameworks)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401

    from dlcourse.machinerie import execution, sybil_livre  # noqa: F401

    canal = sys.stdout
    sys.stdout = sys.stderr  # rien d'autre que le protocole sur le canal
    print(json.dumps({"pret": True, "pid": os.getpid()}), file=canal, flush=True)
    entree = sys.stdin.fileno()
    tampon, ouverte = b"", True
    enfants: dict[int, tuple[int, float, float]] = {}  # pid → (numéro, début, délai)
    while ouverte or enfants:
        lisible, _, _ = select.select([entree] if ouverte else [], [], [], 0.02)
        if lisible:
            bloc = os.read(entree, 65536)
            ouverte = bool(bloc)
            tampon += bloc
            while b"\n" in tampon:
                ligne, tampon = tampon.split(b"\n", 1)
                requete = json.loads(ligne)
                pid = os.fork()
                if pid == 0:  # l'enfant
                    _enfant(requete, execution)
                enfants[pid] = (requete["id"], time.monotonic(), requete["delai"])
        for pid, (numero, debut, delai) in list(enfants.items()):
            fini, statut = os.waitpid(pid, os.WNOHANG)
            if not fini and time.monotonic() - debut > delai:
                os.kill(pid, signal.SIGKILL)
                fini, statut = os.waitpid(pid, 0)
            if fini:
                del enfants[pid]
                print(json.dumps({"id": numero, "code": os.waitstatus_to_exitcode(statut)}),
                      file=canal, flush=True)
    # Plus de demandes et plus d'enfants : le serveur n'a rien à enregistrer. Il sort sans
    # le nettoyage de fin des frameworks (2 à 4 s, à la fin de chaque construction).
    os._exit(0)


def _enfant(requete: dict[str, Any], execution: Any) -> None:
    """Dans l'enfant dupliqué : exécute la demande, écrit dans son journal, puis disparaît."""
    code = 1
    try:
        with open(requete["journal"], "wb") as journal:
            os.dup2(journal.fileno(), 1)
            os.dup2(journal.fileno(), 2)
        nul = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nul, 0)
        sys.stdout = sys.__stdout__
        execution.main(requete["arguments"])
        code = 0
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class Serveur:
    """Un serveur d'exécution pour un jeu de frameworks (processus à part).

    Plusieurs fils peuvent lui confier des demandes à la fois : chacune
    s'exécute dans son propre enfant, et chaque fil reçoit la réponse de la
    sienne (par son numéro).

    Parameters
    ----------
    frameworks : iterable of str
        Une partie de ``{"torch", "tensorflow"}``.
    """

    def __init__(self, frameworks: frozenset[str]) -> None:
        self.frameworks = frozenset(frameworks)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        # Ce que le serveur écrit lui-même (journaux de TensorFlow à l'import) va dans un
        # fichier, repris dans le message d'erreur s'il ne démarre pas.
        self._erreurs = tempfile.NamedTemporaryFile(prefix="dlcourse-serveur-", suffix=".txt")
        self._processus = subprocess.Popen(
            [sys.executable, "-m", "dlcourse.machinerie.serveur", ",".join(sorted(frameworks))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._erreurs, text=True,
            env=env, cwd=tempfile.gettempdir())
        self._pret = False
        self._demarrage = threading.Lock()
        self._ecriture = threading.Lock()
        self._numeros = itertools.count(1)
        self._reponses: dict[int, dict[str, Any]] = {}
        self._attente = threading.Condition()
        self._lecteur = False  # un fil lit le canal pour tous
        self._arrete = False

    def _attendre_pret(self) -> None:
        with self._demarrage:
            if not self._pret:
                ligne = self._processus.stdout.readline()
                if not ligne:
                    code = self._processus.wait()
                    raise ErreurExecution(
                        f"le serveur d'exécution ({self._description()}) n'a pas démarré "
                        f"(code {code}) :\n{self._fin_des_erreurs()}")
                self._pret = True

    def _reponse(self, numero: int) -> dict[str, Any] | None:
        """Attend la réponse à la demande ``numero`` (``None`` si le serveur s'est arrêté).

        Le premier fil qui attend lit le canal et range chaque réponse sous son
        numéro ; les autres attendent la leur.
        """
        with self._attente:
            while numero not in self._reponses and not self._arrete:
                if self._lecteur:
                    self._attente.wait()
                    continue
                self._lecteur = True
                self._attente.release()
                try:
                    ligne = self._processus.stdout.readline()
                finally:
                    self._attente.acquire()
                    self._lecteur = False
                if ligne:
                    reponse = json.loads(ligne)
                    self._reponses[reponse["id"]] = reponse
                else:
                    self._arrete = True
                self._attente.notify_all()
            return self._reponses.pop(numero, None)

    def _fin_des_erreurs(self) -> str:
        return Path(self._erreurs.name).read_text(encoding="utf-8", errors="replace")[-3000:]

    def _description(self) -> str:
        return " + ".join(sorted(self.frameworks)) or "sans framework"

    def executer(self, demande: Demande, profil: str, dossier_figures: str | Path,
                 enregistrer: bool = True, delai: float = DELAI_PAR_DEFAUT) -> dict[str, Any]:
        """Exécute une demande dans un enfant neuf du serveur et renvoie son rapport.

        Raises
        ------
        ErreurExecution
            Si l'enfant meurt sans rapport (plantage, délai dépassé) ; le
            message reprend la fin de ce qu'il a écrit.
        """
        self._attendre_pret()
        with tempfile.TemporaryDirectory(prefix="dlcourse-demande-") as dossier:
            entree, sortie = Path(dossier) / "demande.json", Path(dossier) / "rapport.json"
            journal = Path(dossier) / "journal.txt"
            entree.write_text(json.dumps(asdict(demande), ensure_ascii=False), encoding="utf-8")
            arguments = [str(entree), str(sortie), "--profil", profil,
                         "--figures", str(Path(dossier_figures).resolve())]
            if not enregistrer:
                arguments.append("--compter")
            numero = next(self._numeros)
            requete = {"id": numero, "arguments": arguments, "journal": str(journal),
                       "delai": delai}
            with self._ecriture:
                self._processus.stdin.write(json.dumps(requete) + "\n")
                self._processus.stdin.flush()
            reponse = self._reponse(numero)
            if reponse is None:
                raise ErreurExecution(f"le serveur d'exécution ({self._description()}) s'est "
                                      f"arrêté :\n{self._fin_des_erreurs()}")
            code = reponse["code"]
            if code != 0 or not sortie.exists():
                fin = journal.read_text(encoding="utf-8", errors="replace")[-6000:]
                cause = (f"tué par le signal {-code}" if code < 0 else f"code {code}")
                raise ErreurExecution(f"{demande.nom} : l'exécution a échoué ({cause}) :\n{fin}")
            rapport = json.loads(sortie.read_text(encoding="utf-8"))
            rapport["journal"] = journal.read_text(encoding="utf-8", errors="replace")[-20000:]
            return rapport

    def fermer(self) -> None:
        """Arrête le serveur."""
        if self._processus.poll() is None:
            self._processus.stdin.close()
            try:
                self._processus.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._processus.kill()
        self._erreurs.close()


class Serveurs:
    """Les serveurs d'un processus, démarrés à la demande, un par jeu de frameworks.

    Plusieurs fils peuvent s'en servir à la fois (la construction des figures
    exécute deux cibles à la fois) : ils partagent alors chaque serveur, et
    chaque jeu de frameworks n'est importé qu'une fois. S'utilise comme
    gestionnaire de contexte (les serveurs s'arrêtent à la sortie).
    """

    def __init__(self) -> None:
        self._serveurs: dict[frozenset[str], Serveur] = {}
        self._verrou = threading.Lock()

    def demarrer(self, frameworks: frozenset[str]) -> Serveur:
        """Le serveur de ce jeu de frameworks (démarré s'il ne l'est pas)."""
        cle = frozenset(frameworks)
        with self._verrou:
            if cle not in self._serveurs:
                self._serveurs[cle] = Serveur(cle)
            return self._serveurs[cle]

    def executer(self, demande: Demande, profil: str, dossier_figures: str | Path,
                 enregistrer: bool = True, delai: float = DELAI_PAR_DEFAUT) -> dict[str, Any]:
        """Exécute la demande sur le serveur de ses frameworks (voir `Serveur.executer`)."""
        serveur = self.demarrer(frozenset(demande.frameworks))
        return serveur.executer(demande, profil, dossier_figures, enregistrer, delai)

    def fermer(self) -> None:
        """Arrête tous les serveurs."""
        for serveur in self._serveurs.values():
            serveur.fermer()
        self._serveurs.clear()

    def __enter__(self) -> Serveurs:
        return self

    def __exit__(self, *_: Any) -> None:
        self.fermer()


if __name__ == "__main__":
    _boucle([f for f in sys.argv[1].split(",") if f] if len(sys.argv) > 1 else [])
