"""Les trois rôles de ``dlcourse`` et le sens de leurs dépendances.

- ``dlcourse.aides`` : ce que les pages montrent (courbes, grilles, schémas,
  boucle PyTorch) ; n'importe rien d'autre de ``dlcourse``.
- ``dlcourse.donnees`` : la frontière des données (profils, substitution,
  échantillons) ; peut importer les aides, jamais la machinerie.
- ``dlcourse.machinerie`` : pages, exécution, construction, carnets, crochets
  MkDocs ; seule à connaître ``docs/``, ``snippets/`` et ``mkdocs.yml``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dlcourse

PAQUET = Path(dlcourse.__file__).parent
ROLES = ("aides", "donnees", "machinerie")
PERMIS = {"aides": {"aides"}, "donnees": {"aides", "donnees"},
          "machinerie": {"aides", "donnees", "machinerie"}}
MODULES = sorted(p for role in ROLES for p in (PAQUET / role).glob("*.py"))


def _imports_dlcourse(arbre: ast.AST) -> set[str]:
    noms = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            noms.update(a.name for a in noeud.names if a.name.startswith("dlcourse."))
        elif isinstance(noeud, ast.ImportFrom) and (noeud.module or "").startswith("dlcourse"):
            if noeud.module == "dlcourse":
                noms.update(f"dlcourse.{a.name}" for a in noeud.names)
            else:
                noms.add(noeud.module)
    return noms


def _chaines_hors_docstrings(arbre: ast.AST) -> list[str]:
    docstrings = set()
    for noeud in ast.walk(arbre):
        corps = getattr(noeud, "body", None)
        if (isinstance(corps, list) and corps and isinstance(corps[0], ast.Expr)
                and isinstance(corps[0].value, ast.Constant)):
            docstrings.add(id(corps[0].value))
        if isinstance(noeud, ast.Expr) and isinstance(noeud.value, ast.Constant):
            docstrings.add(id(noeud.value))  # docstrings d'attributs
    return [n.value for n in ast.walk(arbre) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_chaque_module_a_un_role():
    libres = [p.name for p in PAQUET.glob("*.py") if p.name != "__init__.py"]
    assert not libres, f"modules sans rôle à la racine de dlcourse : {libres}"
    assert len(MODULES) >= 20


@pytest.mark.parametrize("module", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_les_dependances_vont_dans_un_seul_sens(module):
    role = module.parent.name
    arbre = ast.parse(module.read_text(encoding="utf-8"))
    interdits = {nom for nom in _imports_dlcourse(arbre)
                 if nom.split(".")[1] not in PERMIS[role]}
    assert not interdits, f"{role}/{module.name} importe {sorted(interdits)}"


@pytest.mark.parametrize("module", [m for m in MODULES if m.parent.name != "machinerie"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_seule_la_machinerie_connait_les_dossiers_du_livre(module):
    arbre = ast.parse(module.read_text(encoding="utf-8"))
    chaines = [c for c in _chaines_hors_docstrings(arbre)
               if c in ("docs", "snippets", "mkdocs.yml") or c.startswith(("docs/", "snippets/"))]
    assert not chaines, f"{module.name} nomme {chaines}"
