"""Substituer les données à la frontière du téléchargement.

Les pages appellent les vrais chargeurs : ``keras.datasets.mnist.load_data()``,
``torchvision.datasets.MNIST(..., download=True)``,
``sklearn.datasets.fetch_california_housing()``. Ce module remplace seulement
la fonction qui *télécharge* (``get_file`` de Keras,
``download_and_extract_archive`` de torchvision, ``_fetch_remote`` de
scikit-learn) par une copie depuis un dossier local organisé comme le miroir
``../shared/data`` :

```text
mnist/               train-images-idx3-ubyte.gz … t10k-labels-idx1-ubyte.gz
fashion-mnist/       les quatre mêmes noms
california-housing/  cal_housing.data
```

Tout le reste du chargeur (lecture, mise en forme, division entraînement/test)
s'exécute tel quel. Les fichiers servis ne passent jamais par le cache réel
des frameworks : ils sont écrits dans un dossier temporaire propre au
processus. Sans dossier (profil complet avec Internet), rien n'est remplacé :
les fonctions d'origine sont seulement enveloppées pour tenir le journal des
chargements.
"""

from __future__ import annotations

import gzip
import importlib.abc
import importlib.util
import io
import os
import shutil
import sys
import tarfile
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlcourse.donnees.idx import lire_idx

FICHIERS_IDX = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
"""Les quatre fichiers d'un jeu au format MNIST, dans l'ordre des chargeurs."""

FICHIER_CALIFORNIE = "cal_housing.data"

# Dossier de torchvision (nom de la classe) -> dossier du miroir.
_DOSSIERS_TORCHVISION = {"MNIST": "mnist", "FashionMNIST": "fashion-mnist"}


@dataclass(frozen=True)
class Chargement:
    """Une trace de chargement : quel jeu, par quel chargeur, combien d'exemples."""

    jeu: str
    chargeur: str
    fichier: str
    exemples: int


def _compter(chemin: Path) -> int:
    """Nombre d'exemples d'un fichier IDX (lu dans l'en-tête) ou de lignes CSV."""
    if chemin.name.endswith(("ubyte.gz", "ubyte")):
        ouvrir = gzip.open if chemin.suffix == ".gz" else open
        with ouvrir(chemin, "rb") as f:
            return int.from_bytes(f.read(8)[4:8], "big")
    with open(chemin, "rb") as f:
        return sum(1 for ligne in f if ligne.strip())


class Substitution:
    """Remplace les fonctions de téléchargement des frameworks installés.

    Parameters
    ----------
    dossier : str, Path or None
        Un dossier organisé comme le miroir (voir le module), ou ``None`` pour
        garder les vrais téléchargements en tenant seulement le journal.

    Raises
    ------
    FileNotFoundError
        Si ``dossier`` n'existe pas.
    """

    def __init__(self, dossier: str | Path | None) -> None:
        if dossier is not None:
            dossier = Path(dossier).expanduser().resolve()
            if not dossier.is_dir():
                raise FileNotFoundError(f"dossier de données introuvable : {dossier}")
        self.dossier: Path | None = dossier
        self.journal: list[Chargement] = []
        self._cache = Path(tempfile.mkdtemp(prefix="dlcourse-cache-"))
        # Le cache est effacé par desactiver() ou, au plus tard, à la fin du
        # processus (une session de tests active son profil sans le désactiver).
        self._effacer_cache = weakref.finalize(self, shutil.rmtree, self._cache,
                                               ignore_errors=True)
        self._remplacements: list[tuple[Any, str, Any]] = []
        self._environ: dict[str, str | None] = {}
        self._actif = False
        self._crochet: _CrochetImport | None = None

    # -- mécanique -------------------------------------------------------
    def _remplacer(self, module: Any, nom: str, fonction: Callable[..., Any]) -> None:
        self._remplacements.append((module, nom, getattr(module, nom)))
        setattr(module, nom, fonction)

    def _source(self, jeu: str, fichier: str) -> Path:
        assert self.dossier is not None
        chemin = self.dossier / jeu / fichier
        if not chemin.is_file():
            raise FileNotFoundError(
                f"{jeu} : le fichier {fichier} manque dans le dossier de données {self.dossier}."
            )
        return chemin

    def chargements(self) -> list[dict[str, Any]]:
        """Le journal sous forme de dictionnaires (pour un rapport JSON).

        Returns
        -------
        list[dict]
            ``[{"jeu": "mnist", "chargeur": "keras", "fichier": ..., "exemples": 70000}, ...]``
        """
        return [asdict(c) for c in self.journal]

    def _noter(self, jeu: str, chargeur: str, chemin: Path, exemples: int | None = None) -> None:
        n = _compter(chemin) if exemples is None else exemples
        self.journal.append(Chargement(jeu, chargeur, chemin.name, n))

    def activer(self) -> Substitution:
        """Installe les remplacements (idempotent pour une même instance).

        Aucun framework n'est importé ici : un module de chargement déjà
        importé est modifié tout de suite, les autres le seront au moment où
        le code de la page les importera (crochet d'import). Une page NumPy
        ne charge donc ni PyTorch ni TensorFlow.

        Returns
        -------
        Substitution
            L'instance elle-même.
        """
        if self._actif:
            return self
        self._actif = True
        if self.dossier is not None:
            dossier_sklearn = self._cache / "scikit_learn_data"
            self._environ["SCIKIT_LEARN_DATA"] = os.environ.get("SCIKIT_LEARN_DATA")
            os.environ["SCIKIT_LEARN_DATA"] = str(dossier_sklearn)
        self._crochet = _CrochetImport(self._installations())
        sys.meta_path.insert(0, self._crochet)
        for nom, installer in self._installations().items():
            if nom in sys.modules:
                self._crochet.fait.add(nom)
                installer(sys.modules[nom])
        return self

    def _installations(self) -> dict[str, Callable[[Any], None]]:
        """Module de chargement -> fonction qui y remplace le téléchargement."""
        return {
            "keras.src.datasets.mnist": lambda m: self._activer_keras(m, "mnist"),
            "keras.src.datasets.fashion_mnist": lambda m: self._activer_keras(m, "fashion-mnist"),
            "torchvision.datasets.mnist": self._activer_torchvision,
            "sklearn.datasets._california_housing": self._activer_sklearn,
        }

    def desactiver(self) -> None:
        """Remet les fonctions d'origine et l'environnement, efface le cache."""
        if self._crochet in sys.meta_path:
            sys.meta_path.remove(self._crochet)
        self._actif = False
        for module, nom, origine in reversed(self._remplacements):
            setattr(module, nom, origine)
        self._remplacements.clear()
        for cle, valeur in self._environ.items():
            if valeur is None:
                os.environ.pop(cle, None)
            else:
                os.environ[cle] = valeur
        self._environ.clear()
        self._effacer_cache()

    # -- Keras -----------------------------------------------------------
    def _activer_keras(self, module: Any, jeu: str) -> None:
        self._remplacer(module, "get_file", self._get_file_keras(jeu, module.get_file))

    def _get_file_keras(self, jeu: str, origine: Callable[..., str]) -> Callable[..., str]:
        def get_file(fname: str | None = None, origin: str | None = None, **kwargs: Any) -> str:
            nom = fname or Path(origin or "").name
            if self.dossier is None:
                chemin = Path(origine(fname, origin=origin, **kwargs))
                self._noter(jeu, "keras", chemin, _compter_npz(chemin) if nom.endswith(".npz")
                            else None)
                return str(chemin)
            if nom == "mnist.npz":
                chemin = self._npz_mnist()
                self._noter(jeu, "keras", chemin, _compter_npz(chemin))
                return str(chemin)
            if nom not in FICHIERS_IDX:
                raise FileNotFoundError(
                    f"{jeu} : Keras demande {nom}, absent du dossier de données."
                )
            chemin = self._source(jeu, nom)
            self._noter(jeu, "keras", chemin)
            return str(chemin)

        return get_file

    def _npz_mnist(self) -> Path:
        """Construit ``mnist.npz`` (format de Keras) à partir des fichiers IDX."""
        chemin = self._cache / "keras" / "mnist.npz"
        if not chemin.exists():
            x_train, y_train, x_test, y_test = (
                lire_idx(self._source("mnist", f)) for f in FICHIERS_IDX
            )
            chemin.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(chemin, x_train=x_train, y_train=y_train, x_test=x_test,
                                y_test=y_test)
        return chemin

    # -- torchvision -----------------------------------------------------
    def _activer_torchvision(self, mnist: Any) -> None:
        self._remplacer(mnist, "download_and_extract_archive",
                        self._telecharger_torchvision(mnist.download_and_extract_archive))

    def _telecharger_torchvision(self, origine: Callable[..., None]) -> Callable[..., None]:
        def download_and_extract_archive(url: str, download_root: str, filename: str | None = None,
                                         md5: str | None = None, **kwargs: Any) -> None:
            classe = Path(download_root).parent.name
            jeu = _DOSSIERS_TORCHVISION.get(classe)
            nom = filename or Path(url).name
            if jeu is None:
                raise FileNotFoundError(
                    f"{classe} : jeu de données non pris en charge par dlcourse "
                    f"(pris en charge : {', '.join(_DOSSIERS_TORCHVISION)})."
                )
            if self.dossier is None:
                origine(url, download_root=download_root, filename=filename, md5=md5, **kwargs)
                self._noter(jeu, "torchvision", Path(download_root) / nom.removesuffix(".gz"))
                return
            source = self._source(jeu, nom)
            cible = Path(download_root) / nom.removesuffix(".gz")
            cible.parent.mkdir(parents=True, exist_ok=True)
            try:
                with gzip.open(source, "rb") as entree, open(cible, "wb") as sortie:
                    shutil.copyfileobj(entree, sortie)
            except (EOFError, OSError) as erreur:
                raise FileNotFoundError(
                    f"{jeu} : le fichier {source} est tronqué ou illisible ({erreur}).") from None
            self._noter(jeu, "torchvision", source)

        return download_and_extract_archive

    # -- scikit-learn ----------------------------------------------------
    def _activer_sklearn(self, _california_housing: Any) -> None:
        self._remplacer(_california_housing, "_fetch_remote",
                        self._fetch_remote_sklearn(_california_housing._fetch_remote))

    def _fetch_remote_sklearn(self, origine: Callable[..., str]) -> Callable[..., str]:
        def _fetch_remote(remote: Any, dirname: str | None = None, **kwargs: Any) -> str:
            if self.dossier is None:
                chemin = origine(remote, dirname=dirname, **kwargs)
                with tarfile.open(chemin, "r:gz") as archive:
                    lignes = archive.extractfile(f"CaliforniaHousing/{FICHIER_CALIFORNIE}")
                    n = sum(1 for ligne in lignes if ligne.strip()) if lignes else 0
                self.journal.append(Chargement("california-housing", "scikit-learn",
                                               FICHIER_CALIFORNIE, n))
                return chemin
            source = self._source("california-housing", FICHIER_CALIFORNIE)
            archive_chemin = Path(dirname or self._cache) / remote.filename
            archive_chemin.parent.mkdir(parents=True, exist_ok=True)
            contenu = source.read_bytes()
            with tarfile.open(archive_chemin, "w:gz") as archive:
                info = tarfile.TarInfo(f"CaliforniaHousing/{FICHIER_CALIFORNIE}")
                info.size = len(contenu)
                archive.addfile(info, io.BytesIO(contenu))
            self._noter("california-housing", "scikit-learn", source)
            return str(archive_chemin)

        return _fetch_remote


def _compter_npz(chemin: Path) -> int:
    with np.load(chemin) as f:
        return int(len(f["y_train"]) + len(f["y_test"]))


def verifier_dossier(dossier: str | Path) -> None:
    """Vérifie qu'un dossier de données (un miroir) est lisible en entier.

    Chaque fichier ``.gz`` présent est décompressé jusqu'au bout : un fichier
    tronqué est signalé avant toute exécution, avec son nom.

    Raises
    ------
    FileNotFoundError
        Si le dossier n'existe pas, ou si un fichier ``.gz`` est tronqué ou
        illisible (le message nomme le fichier).
    """
    dossier = Path(dossier)
    if not dossier.is_dir():
        raise FileNotFoundError(f"dossier de données introuvable : {dossier}")
    for fichier in sorted(dossier.glob("*/*.gz")):
        try:
            with gzip.open(fichier, "rb") as flux:
                while flux.read(1 << 22):
                    pass
        except (EOFError, OSError) as erreur:
            raise FileNotFoundError(
                f"fichier de données tronqué ou illisible : {fichier} ({erreur}).") from None


class _CrochetImport(importlib.abc.MetaPathFinder):
    """Modifie un module de chargement juste après son import par la page."""

    def __init__(self, installations: dict[str, Callable[[Any], None]]) -> None:
        self.installations = installations
        self.fait: set[str] = set()

    def find_spec(self, nom: str, chemin: Any = None, cible: Any = None) -> Any:
        if nom not in self.installations or nom in self.fait:
            return None
        self.fait.add(nom)  # la recherche ci-dessous ne doit pas revenir ici
        spec = importlib.util.find_spec(nom)
        if spec is None or spec.loader is None:
            return None
        executer_module = spec.loader.exec_module
        installer = self.installations[nom]

        def exec_module(module: Any) -> None:
            executer_module(module)
            installer(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
