"""Le chapitre « Le perceptron » : le perceptron NumPy s'accorde avec scikit-learn.

Page : docs/introduction/perceptron.md ; extrait : snippets/introduction/perceptron/
perceptron_numpy.py. Le code de la page s'exécute une fois (profil rapide) ; ce
test relève (``RELEVES``) ce que calculent sa fonction ``heaviside`` et sa
classe ``PerceptronNumpy``, sur les iris de la page et sur d'autres données, et
le compare à ce que calcule scikit-learn ici, dans le processus de test.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.linear_model import Perceptron, SGDClassifier

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS

PAGE = DOSSIER_DOCS / "introduction" / "perceptron.md"
NOUVELLES = [[2, 0.5], [1.2, 0.3], [5.5, 2.0], [4.0, 1.2]]
"""Des fleurs que la page n'a pas vues (longueur, largeur des pétales)."""
GRAINES = range(5)
"""Les graines des nuages séparables (``make_blobs``) de ``RELEVES``."""

# Les expressions évaluées à la fin du chemin (lu par ast.literal_eval : un littéral).
RELEVES = {
    "commun": {
        "heaviside": "heaviside(np.array([-1.0, 0.0, 2.0]))",
        "erreurs": "perceptron.erreurs_",
        "predictions": "perceptron.predict(X)",
        "predictions_sklearn": "per_clf.predict(X)",
        "nouvelles": "perceptron.predict([[2, 0.5], [1.2, 0.3], [5.5, 2.0], [4.0, 1.2]])",
        "separables": "[PerceptronNumpy(graine=g).fit(X_, y_).predict(X_) for g in range(5) "
                      "for X_, y_ in [__import__('sklearn.datasets').datasets.make_blobs("
                      "n_samples=200, centers=[(-3, -3), (3, 3)], cluster_std=1.0, "
                      "random_state=g)]]",
        "un_pas": "(lambda p: {'w': p.w_, 'b': p.b_})("
                  "PerceptronNumpy(eta=0.5, max_epoques=1).fit([[2.0, -1.0]], [0]))",
        "erreurs_xor": "PerceptronNumpy(max_epoques=30).fit("
                       "[[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]).erreurs_",
    },
}


@pytest.fixture
def releves(rapport):
    return rapport()["releves"]


@pytest.fixture(scope="module")
def iris_setosa():
    iris = load_iris()
    return iris.data[:, (2, 3)], (iris.target == 0).astype(int)


def test_les_releves_suivent_les_donnees_du_test():
    expressions = RELEVES["commun"]
    assert repr(NOUVELLES)[1:-1] in expressions["nouvelles"]
    assert f"range({len(GRAINES)})" in expressions["separables"]


def test_heaviside(releves):
    assert releves["heaviside"] == [0, 1, 1]


def test_iris_setosa_comme_scikit_learn(releves, iris_setosa):
    X, y = iris_setosa
    per_clf = Perceptron(random_state=42).fit(X, y)
    assert releves["erreurs"][-1] == 0, "les setosa sont linéairement séparables"
    assert releves["predictions"] == y.tolist()
    assert releves["predictions"] == per_clf.predict(X).tolist()
    assert releves["predictions_sklearn"] == per_clf.predict(X).tolist()
    assert releves["nouvelles"] == per_clf.predict(NOUVELLES).tolist()


def test_perceptron_egale_sgdclassifier(iris_setosa):
    X, y = iris_setosa
    per_clf = Perceptron(random_state=42).fit(X, y)
    sgd_clf = SGDClassifier(loss="perceptron", learning_rate="constant", eta0=1,
                            penalty=None, random_state=42).fit(X, y)
    np.testing.assert_allclose(sgd_clf.coef_, per_clf.coef_)
    np.testing.assert_allclose(sgd_clf.intercept_, per_clf.intercept_)


@pytest.mark.parametrize("graine", GRAINES)
def test_donnees_separables_comme_scikit_learn(releves, graine):
    X, y = make_blobs(n_samples=200, centers=[(-3, -3), (3, 3)], cluster_std=1.0,
                      random_state=graine)
    per_clf = Perceptron(random_state=graine).fit(X, y)
    assert releves["separables"][graine] == y.tolist()
    assert (per_clf.predict(X) == y).all()


def test_regle_du_perceptron_un_pas(releves):
    # Un seul exemple mal classé : w <- w + eta (y - y_chapeau) x.
    np.testing.assert_allclose(releves["un_pas"]["w"], [-1.0, 0.5])
    assert releves["un_pas"]["b"] == -0.5


def test_xor_ne_converge_pas(releves):
    erreurs = releves["erreurs_xor"]
    assert len(erreurs) == 30 and min(erreurs) > 0


def test_execution_complete_tient_ses_promesses():
    resultats = lire_resultats(PAGE)["commun"]["resultats"]
    assert resultats["exactitude_numpy"] == 1.0
    assert resultats["exactitude_sklearn"] == 1.0
    assert resultats["exactitude_logistique"] > resultats["exactitude_multiclasse"]
    assert resultats["exactitude_logistique"] >= 0.95


def test_la_duree_enregistree_est_celle_d_une_nouvelle_execution(rapport):
    """La durée enregistrée (temps de calcul) est à 2× près celle du chemin refait ici.

    La page ne lit aucun jeu de données : son profil rapide exécute exactement
    le calcul de l'exécution complète. Une durée enregistrée sur une machine
    encombrée, ou périmée, s'écarte de plus de 2× et fait échouer ce test.
    """
    enregistre = lire_resultats(PAGE)["commun"]
    refait = rapport()
    assert enregistre["donnees"] == [] and refait["donnees"] == []
    rapport_des_durees = refait["duree_cpu_s"] / enregistre["duree_cpu_s"]
    assert 0.5 <= rapport_des_durees <= 2, (
        f"durée enregistrée {enregistre['duree_cpu_s']} s, refaite {refait['duree_cpu_s']} s "
        "(temps de calcul) : relancez « make figures --forcer » sur une machine au repos")
