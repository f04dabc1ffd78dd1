"""Le verrou de l'installation : installation/verrou-linux-x86_64.txt.

``make install`` installe d'abord ces paquets épinglés, en deux moitiés à la
fois (voir le Makefile), puis ``pip install -e ".[dev]"`` n'a plus qu'à
vérifier. Un verrou en retard ne casse rien (pip complète), mais l'installation
redevient lente sans que personne ne le voie : ces tests le voient.

- Chaque épinglage ``nom==version`` de pyproject.toml est celui du verrou.
- Le verrou est exactement ce dont dlcourse (avec ``[dev]``) a besoin, de
  proche en proche, dans l'environnement où tournent les tests : ni paquet en
  trop, ni paquet manquant, et chacun à la version installée.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from dlcourse.machinerie.pages import RACINE

VERROU = RACINE / "installation" / "verrou-linux-x86_64.txt"


def lire_verrou(texte: str) -> dict[str, str]:
    """``{nom canonique: version}`` des lignes ``nom==version`` (commentaires ignorés)."""
    verrou = {}
    for numero, ligne in enumerate(texte.splitlines(), 1):
        ligne = ligne.split("#", 1)[0].strip()
        if not ligne:
            continue
        trouve = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", ligne)
        if not trouve:
            raise ValueError(f"{VERROU.name}, ligne {numero} : « {ligne} » n'est pas nom==version")
        verrou[canonicalize_name(trouve[1])] = trouve[2]
    return verrou


def besoins(racine: str, extras: set[str]) -> set[str]:
    """Les distributions dont ``racine`` a besoin (avec ``extras``), de proche en proche.

    Les marqueurs (``; python_version < ...``, ``; extra == "dev"``) sont
    évalués pour cette machine, comme pip le fait."""
    vus: set[str] = set()
    a_voir = [(canonicalize_name(racine), frozenset(extras))]
    while a_voir:
        nom, ses_extras = a_voir.pop()
        for texte in metadata.distribution(nom).requires or []:
            exigence = Requirement(texte)
            if exigence.marker is not None and not any(
                    exigence.marker.evaluate({"extra": e}) for e in (ses_extras or {""})):
                continue
            dependance = canonicalize_name(exigence.name)
            if dependance not in vus:
                vus.add(dependance)
                a_voir.append((dependance, frozenset(exigence.extras)))
    return vus


def test_lire_verrou_refuse_une_ligne_sans_version():
    assert lire_verrou("# entête\ntorch==2.14.1\n\nnumpy==2.4.6  # note\n") == {
        "torch": "2.14.1", "numpy": "2.4.6"}
    with pytest.raises(ValueError, match="ligne 2 : « numpy>=2 » n'est pas nom==version"):
        lire_verrou("torch==2.14.1\nnumpy>=2\n")


def test_les_epinglages_de_pyproject_sont_ceux_du_verrou():
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    verrou = lire_verrou(VERROU.read_text(encoding="utf-8"))
    exigences = [Requirement(t) for t in projet["dependencies"]
                 + [t for liste in projet["optional-dependencies"].values() for t in liste]]
    ecarts = [f"{e.name} : pyproject {e.specifier}, verrou {verrou.get(canonicalize_name(e.name))}"
              for e in exigences
              if verrou.get(canonicalize_name(e.name)) not in e.specifier]
    assert not ecarts, "verrou en retard sur pyproject.toml (make verrou) :\n" + "\n".join(ecarts)


@pytest.mark.skipif(platform.system() != "Linux" or platform.machine() != "x86_64",
                    reason="le verrou épingle les roues de Linux x86_64 seulement")
def test_le_verrou_est_exactement_ce_qu_installe_pip():
    verrou = lire_verrou(VERROU.read_text(encoding="utf-8"))
    requis = besoins("dlcourse", {"dev"})
    installes = {nom: metadata.version(nom) for nom in requis}
    manquants = sorted(requis - verrou.keys())
    en_trop = sorted(verrou.keys() - requis)
    autres = sorted(f"{nom} : verrou {verrou[nom]}, installé {installes[nom]}"
                    for nom in requis & verrou.keys() if verrou[nom] != installes[nom])
    assert not (manquants or en_trop or autres), (
        "verrou en retard sur l'environnement (make verrou) :\n"
        f"manquants : {manquants}\nen trop : {en_trop}\nautres versions : {autres}")
