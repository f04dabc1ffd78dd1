"""Un livre, pas un tas de pages : le menu suit le plan de la formation (seed 002).

Huit parties numérotées « 1. » à « 8. », dans l'ordre ; dans la partie N,
chaque chapitre s'intitule « N.k Titre », k croissant à partir de 1, après la
page d'entrée de la partie (``partie/index.md``). Viennent ensuite les
travaux pratiques et les annexes (le glossaire compris).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parents[2]


class _Chargeur(yaml.SafeLoader):
    """Lit mkdocs.yml en ignorant les balises ``!!python/...``."""


_Chargeur.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def _menu() -> list:
    return yaml.load((RACINE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Chargeur)["nav"]


def test_huit_parties_numerotees_puis_tp_et_annexes():
    titres = [next(iter(e)) if isinstance(e, dict) else e for e in _menu()]
    assert titres[0] == "Accueil"
    parties = [t for t in titres if re.match(r"^\d+\. ", t)]
    assert [int(t.split(".")[0]) for t in parties] == list(range(1, 9))
    assert titres[1:9] == parties, "les huit parties suivent l'accueil, dans l'ordre"
    assert titres[-2:] == ["Travaux pratiques", "Annexes"]


def test_chapitres_numerotes_dans_leur_partie():
    problemes = []
    for entree in _menu():
        if not isinstance(entree, dict):
            continue
        (titre, contenu), = entree.items()
        if not (m := re.match(r"^(\d+)\. ", titre)):
            continue
        numero = m[1]
        assert isinstance(contenu, list) and contenu[0].endswith("index.md"), (
            f"{titre} : la partie s'ouvre sur sa page d'entrée (index.md)")
        attendu = 1
        for chapitre in contenu[1:]:
            nom = next(iter(chapitre)) if isinstance(chapitre, dict) else str(chapitre)
            if not re.match(rf"^{numero}\.{attendu} \S", nom):
                problemes.append(f"{titre} : « {nom} » au lieu de « {numero}.{attendu} Titre »")
            attendu += 1
    assert not problemes, "\n".join(problemes)


def test_glossaire_dans_les_annexes():
    annexes = next(e["Annexes"] for e in _menu() if isinstance(e, dict) and "Annexes" in e)
    assert any("glossaire.md" in str(e) for e in annexes)
