"""Configuration de la session de tests (racine du dépôt).

1. L'environnement de la machinerie (`dlcourse.machinerie.environnement`) est
   fixé avant tout import de framework.
2. Ce processus ne charge un framework que si un test le demande (tests de
   ``dlcourse``) : la collecte n'importe pas TensorFlow, et PyTorch seulement
   pour les deux modules de test des aides qui l'importent en tête
   (``tests/dlcourse/aides``, 2 s de calcul). S'il importe TensorFlow,
   PyTorch et triton passent juste avant (`dlcourse.machinerie.ordre_imports`).
3. Le code des pages n'est pas exécuté ici : chaque chemin de lecture
   s'exécute par Sybil dans un processus neuf (``tests/test_pages.py`` et
   ``tests/conftest.py``).
4. Avec pytest-xdist (``--dist loadgroup``), les tests d'une même page vont au
   même processus : le rapport de son exécution y est partagé.
"""

from __future__ import annotations

from dlcourse.machinerie.environnement import preparer_environnement

# Un fil de calcul par processus : pytest-xdist en fait tourner un par cœur.
preparer_environnement(fils=1)

from dlcourse.machinerie.ordre_imports import torch_d_abord_a_la_demande  # noqa: E402

torch_d_abord_a_la_demande()
