"""Ce que partagent les tests de la machinerie."""

from __future__ import annotations

import pytest

from dlcourse.machinerie import charge


@pytest.fixture
def machine_au_repos(monkeypatch):
    """La garde de charge de ``construire`` voit une machine au repos.

    Pendant la suite, l'autre processus de pytest-xdist occupe l'autre cœur :
    une vraie mesure ferait attendre puis refuser la construction.
    """
    monkeypatch.setattr(charge, "mesurer", lambda *_a, **_k: charge.Charge(0.0, []))
    monkeypatch.setattr(charge, "disponible", lambda: False)
