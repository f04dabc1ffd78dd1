"""La frontière des données : profils, substitution des téléchargements, échantillons.

Un profil (*rapide* pour les tests, *complet* pour les figures) ne change que
ce que renvoient les chargeurs de données des bibliothèques, jamais le code
des pages. Peut importer `dlcourse.aides`, jamais `dlcourse.machinerie`.
"""
