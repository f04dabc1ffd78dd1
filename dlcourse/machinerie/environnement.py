"""L'environnement des processus qui exécutent le code du livre.

Une seule fonction le règle (`preparer_environnement`) : la session de tests,
la construction des figures et les serveurs d'exécution
(`dlcourse.machinerie.serveur`) l'appellent tous. Rien ici ne touche au code
des pages : un lecteur qui copie ce code n'a pas besoin de ces réglages.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import MutableMapping

REGLAGES = {
    # Les journaux C++ de TensorFlow (oneDNN, CUDA absent…) ne sont pas des sorties de page.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # Pas d'écran : matplotlib dessine dans des fichiers.
    "MPLBACKEND": "Agg",
    # Material annonce son successeur à chaque construction : sans intérêt ici.
    "NO_MKDOCS_2_WARNING": "1",
    # Les chargeurs de torchvision et Keras n'affichent pas de barre de progression.
    "TQDM_DISABLE": "1",
}
"""Les variables fixées pour tout processus de la machinerie."""


FILS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
        "TF_NUM_INTEROP_THREADS")
"""Les variables qui bornent les fils de calcul de PyTorch (OpenMP) et de TensorFlow."""


def preparer_environnement(environ: MutableMapping[str, str] | None = None,
                           fils: int | None = None) -> dict[str, str]:
    """Fixe les variables d'environnement de la machinerie du livre.

    Parameters
    ----------
    environ : mapping, optional
        L'environnement à régler (par défaut ``os.environ``, à appeler avant
        d'importer un framework : Keras lit ``KERAS_HOME`` à l'import).
    fils : int, optional
        Le nombre de fils de calcul par processus. La suite de tests, qui fait
        tourner un processus par cœur (pytest-xdist), en demande un : sinon
        les fils OpenMP de deux processus se disputent les deux cœurs et
        attendent en boucle. La construction complète en demande un aussi
        quand elle exécute plusieurs cibles à la fois (``--paralleles``,
        2 par défaut), pour la même raison ; seule, elle n'en fixe pas.

    Returns
    -------
    dict
        Les variables fixées : `REGLAGES`, plus ``KERAS_HOME`` (un dossier
        jetable, jamais le vrai cache de Keras) s'il n'était pas déjà fixé
        par cette fonction.
    """
    environ = os.environ if environ is None else environ
    fixees = dict(REGLAGES)
    if fils is not None:
        fixees.update({nom: str(fils) for nom in FILS})
    if "DLCOURSE_KERAS_HOME" in environ:
        fixees["KERAS_HOME"] = environ["DLCOURSE_KERAS_HOME"]
    else:
        fixees["KERAS_HOME"] = tempfile.mkdtemp(prefix="dlcourse-keras-home-")
        fixees["DLCOURSE_KERAS_HOME"] = fixees["KERAS_HOME"]
        # Effacé à la sortie du processus qui l'a créé (ses enfants l'héritent
        # par DLCOURSE_KERAS_HOME et n'en créent pas d'autre).
        atexit.register(shutil.rmtree, fixees["KERAS_HOME"], ignore_errors=True)
    environ.update(fixees)
    return fixees
