# Le perceptron de Rosenblatt écrit avec NumPy.
# Page : docs/introduction/perceptron.md ; test : tests/introduction/test_perceptron.py.

# --8<-- [start:classe]
import numpy as np


def heaviside(z):
    """Fonction échelon de Heaviside : 0 si z < 0, 1 si z >= 0."""
    return np.where(z >= 0, 1, 0)


class PerceptronNumpy:
    """Un perceptron à une sortie, entraîné par la règle de Rosenblatt."""

    def __init__(self, eta=1.0, max_epoques=100, graine=42):
        self.eta = eta                    # taux d'apprentissage
        self.max_epoques = max_epoques    # nombre maximal de passages sur les données
        self.graine = graine              # pour tirer l'ordre des exemples

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        generateur = np.random.default_rng(self.graine)
        self.w_ = np.zeros(X.shape[1])    # un poids par entrée
        self.b_ = 0.0                     # le biais
        self.erreurs_ = []                # nombre d'erreurs à chaque époque
        for _ in range(self.max_epoques):
            erreurs = 0
            for i in generateur.permutation(len(X)):
                y_chapeau = heaviside(X[i] @ self.w_ + self.b_)
                correction = self.eta * (y[i] - y_chapeau)  # 0 si la prédiction est juste
                self.w_ += correction * X[i]
                self.b_ += correction
                erreurs += int(correction != 0)
            self.erreurs_.append(erreurs)
            if erreurs == 0:              # plus aucune erreur : l'apprentissage a convergé
                break
        return self

    def predict(self, X):
        return heaviside(np.asarray(X, dtype=float) @ self.w_ + self.b_)
# --8<-- [end:classe]
