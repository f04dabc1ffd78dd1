"""Les aides : ce que les pages montrent et que le lecteur apprend.

Courbes d'apprentissage, grilles d'images, comparaisons, boucle
d'entraînement PyTorch, schémas de l'introduction, graines. Chaque page
montre le code de l'aide qu'elle utilise (un bloc repliable inclus d'ici) :
le code du lecteur n'importe jamais ce paquet. N'importe rien d'autre de
``dlcourse``.
"""
