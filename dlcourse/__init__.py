"""Les outils du livre *Deep Learning avec TensorFlow/Keras et PyTorch*.

Chaque module est petit et porte le nom de ce qu'il fait ; la docstring de
chaque fonction publique dit quelles pages du livre l'utilisent.
"""

__version__ = "0.1.0"
