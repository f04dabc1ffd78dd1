"""Tests de dlcourse.machinerie.liens, sur un serveur HTTP local (aucun accès à Internet)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from dlcourse.machinerie import liens


@pytest.fixture
def serveur(tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "existe.html").write_text("ok", encoding="utf-8")

    class Silencieux(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Silencieux, directory=str(tmp_path / "www")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_urls_externes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.md").write_text(
        "Voir [Keras](https://keras.io/api/), <https://pytorch.org>.\n"
        "Local : <http://127.0.0.1:8000>.\n", encoding="utf-8")
    assert liens.urls_externes(tmp_path) == {"https://keras.io/api/": ["a/p.md"],
                                             "https://pytorch.org": ["a/p.md"]}
    with pytest.raises(NotADirectoryError, match="absent"):
        liens.urls_externes(tmp_path / "absent")


def test_verifier_sur_un_serveur_local(serveur):
    assert liens.verifier(f"{serveur}/existe.html") is None
    assert liens.verifier(f"{serveur}/absent.html") == "HTTP 404"
    assert liens.verifier("http://127.0.0.1:9/", delai=2) is not None


def test_main(tmp_path, serveur, monkeypatch, capsys):
    monkeypatch.setattr(liens, "LOCALES", ("aucun",))
    page = tmp_path / "docs"
    page.mkdir()
    (page / "p.md").write_text(f"[bon]({serveur}/existe.html) [mauvais]({serveur}/x.html)\n",
                               encoding="utf-8")
    assert liens.main([str(page), "--delai", "5"]) == 1
    sortie = capsys.readouterr().out
    assert "CASSÉ" in sortie and "x.html" in sortie
    assert "2 liens externes vérifiés, 1 cassés" in sortie
