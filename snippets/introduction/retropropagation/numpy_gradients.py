# La rétropropagation écrite à la main avec NumPy, pour un réseau à une couche cachée.
# Page : docs/introduction/retropropagation.md ; test : tests/introduction/test_retropropagation.py.

# --8<-- [start:propager]
import numpy as np


def sigmoide(z):
    return 1 / (1 + np.exp(-z))


def propager(X, params):
    """La passe avant ; garde les sorties de la couche cachée pour la passe arrière."""
    W1, b1, W2, b2 = params
    A1 = sigmoide(X @ W1 + b1)          # la couche cachée
    Y_chapeau = sigmoide(A1 @ W2 + b2)  # la sortie : une probabilité par exemple
    return Y_chapeau, A1


def entropie_croisee(Y_chapeau, Y):
    """La perte : l'entropie croisée binaire, moyennée sur les exemples."""
    return -np.mean(Y * np.log(Y_chapeau) + (1 - Y) * np.log(1 - Y_chapeau))
# --8<-- [end:propager]


# --8<-- [start:retropropager]
def retropropager(X, Y, Y_chapeau, A1, params):
    """La passe arrière : le gradient de la perte par rapport à chaque paramètre."""
    W1, b1, W2, b2 = params
    m = len(X)
    dZ2 = (Y_chapeau - Y) / m           # sigmoïde + entropie croisée : tout se simplifie
    dW2 = A1.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T                    # l'erreur remonte vers la couche cachée
    dZ1 = dA1 * A1 * (1 - A1)           # la dérivée de la sigmoïde : σ(z) (1 − σ(z))
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return [dW1, db1, dW2, db2]
# --8<-- [end:retropropager]


# --8<-- [start:entrainer]
def entrainer(X, Y, params, eta=1.0, n_pas=3000):
    """La descente de gradient : n_pas passes avant, arrière et mises à jour."""
    params = [p.copy() for p in params]
    pertes = []
    for _ in range(n_pas):
        Y_chapeau, A1 = propager(X, params)
        pertes.append(entropie_croisee(Y_chapeau, Y))
        gradients = retropropager(X, Y, Y_chapeau, A1, params)
        params = [p - eta * g for p, g in zip(params, gradients, strict=True)]
    return params, pertes
# --8<-- [end:entrainer]
