"""Le chapitre « Le perceptron » : le perceptron NumPy s'accorde avec scikit-learn.

Page : docs/introduction/perceptron.md ;
extrait : snippets/introduction/perceptron/perceptron_numpy.py.
"""

from __future__ import annotations

import runpy

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.linear_model import Perceptron, SGDClassifier

from dlcourse.machinerie.figures import lire_resultats
from dlcourse.machinerie.pages import DOSSIER_DOCS, RACINE

PAGE = DOSSIER_DOCS / "introduction" / "perceptron.md"
EXTRAIT = RACINE / "snippets" / "introduction" / "perceptron" / "perceptron_numpy.py"


@pytest.fixture(scope="module")
def ns():
    return runpy.run_path(str(EXTRAIT))


@pytest.fixture(scope="module")
def iris_setosa():
    iris = load_iris()
    return iris.data[:, (2, 3)], (iris.target == 0).astype(int)


def test_heaviside(ns):
    assert ns["heaviside"](np.array([-1.0, 0.0, 2.0])).tolist() == [0, 1, 1]


def test_iris_setosa_comme_scikit_learn(ns, iris_setosa):
    X, y = iris_setosa
    perceptron = ns["PerceptronNumpy"]().fit(X, y)
    per_clf = Perceptron(random_state=42).fit(X, y)
    assert perceptron.erreurs_[-1] == 0, "les setosa sont linéairement séparables"
    assert np.array_equal(perceptron.predict(X), y)
    assert np.array_equal(perceptron.predict(X), per_clf.predict(X))
    nouvelles = np.array([[2, 0.5], [1.2, 0.3], [5.5, 2.0], [4.0, 1.2]])
    assert np.array_equal(perceptron.predict(nouvelles), per_clf.predict(nouvelles))


def test_perceptron_egale_sgdclassifier(iris_setosa):
    X, y = iris_setosa
    per_clf = Perceptron(random_state=42).fit(X, y)
    sgd_clf = SGDClassifier(loss="perceptron", learning_rate="constant", eta0=1,
                            penalty=None, random_state=42).fit(X, y)
    np.testing.assert_allclose(sgd_clf.coef_, per_clf.coef_)
    np.testing.assert_allclose(sgd_clf.intercept_, per_clf.intercept_)


@pytest.mark.parametrize("graine", range(5))
def test_donnees_separables_comme_scikit_learn(ns, graine):
    X, y = make_blobs(n_samples=200, centers=[(-3, -3), (3, 3)], cluster_std=1.0,
                      random_state=graine)
    perceptron = ns["PerceptronNumpy"](graine=graine).fit(X, y)
    per_clf = Perceptron(random_state=graine).fit(X, y)
    assert (perceptron.predict(X) == y).all()
    assert (per_clf.predict(X) == y).all()


def test_regle_du_perceptron_un_pas(ns):
    # Un seul exemple mal classé : w <- w + eta (y - y_chapeau) x.
    p = ns["PerceptronNumpy"](eta=0.5, max_epoques=1).fit(np.array([[2.0, -1.0]]), np.array([0]))
    np.testing.assert_allclose(p.w_, [-1.0, 0.5])
    assert p.b_ == -0.5


def test_xor_ne_converge_pas(ns):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    p = ns["PerceptronNumpy"](max_epoques=30).fit(X, np.array([0, 1, 1, 0]))
    assert len(p.erreurs_) == 30 and min(p.erreurs_) > 0


def test_execution_complete_tient_ses_promesses():
    resultats = lire_resultats(PAGE)["commun"]["resultats"]
    assert resultats["exactitude_numpy"] == 1.0
    assert resultats["exactitude_sklearn"] == 1.0
    assert resultats["exactitude_logistique"] > resultats["exactitude_multiclasse"]
    assert resultats["exactitude_logistique"] >= 0.95
