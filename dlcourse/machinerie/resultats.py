"""Citer dans la prose les nombres produits par la dernière exécution complète.

Dans une page, ``{{ resultat Keras.exactitude_test pourcent }}`` est remplacé
au moment de la construction du site par la valeur enregistrée dans
``resultats.json`` (voir `dlcourse.machinerie.figures`), et
``{{ figure keras-courbes.png }}`` par l'image et son texte alternatif déclaré
dans l'en-tête. Aucun nombre n'est donc tapé à la main.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

ESPACE_FINE = "\u202f"
"""Espace fine insécable, avant ``%`` et entre les milliers."""


def _decimal(valeur: float, chiffres: int) -> str:
    return f"{valeur:,.{chiffres}f}".replace(",", ESPACE_FINE).replace(".", ",")


FORMATS: dict[str, Callable[[Any], str]] = {
    "pourcent": lambda v: f"{_decimal(100 * float(v), 1)}{ESPACE_FINE}%",
    "pourcent2": lambda v: f"{_decimal(100 * float(v), 2)}{ESPACE_FINE}%",
    "decimal2": lambda v: _decimal(float(v), 2),
    "decimal3": lambda v: _decimal(float(v), 3),
    "decimal4": lambda v: _decimal(float(v), 4),
    "entier": lambda v: f"{int(v):,}".replace(",", ESPACE_FINE),
    "secondes": lambda v: f"{_decimal(float(v), 0)}{ESPACE_FINE}s",
    "minutes": lambda v: f"{_decimal(float(v) / 60, 1)}{ESPACE_FINE}min",
    "texte": str,
}
"""Les formats français disponibles après le nom du résultat."""


def formater(valeur: Any, format_: str | None = None) -> str:
    """Écrit une valeur à la française (virgule décimale, espaces fines).

    Parameters
    ----------
    valeur : int, float or str
        La valeur enregistrée.
    format_ : str, optional
        Un nom de `FORMATS` ; par défaut ``entier`` pour un entier,
        ``decimal3`` pour un réel, ``texte`` sinon.

    Returns
    -------
    str
        Par exemple ``formater(0.9781, "pourcent")`` donne ``"97,8 %"``.

    Raises
    ------
    ValueError
        Si le format est inconnu.
    """
    if format_ is None:
        format_ = ("entier" if isinstance(valeur, int) and not isinstance(valeur, bool)
                   else "decimal3" if isinstance(valeur, float) else "texte")
    if format_ not in FORMATS:
        raise ValueError(f"format {format_!r} inconnu ; formats : {', '.join(FORMATS)}.")
    return FORMATS[format_](valeur)


def chercher(executions: Mapping[str, Any], reference: str) -> Any:
    """Trouve ``Onglet.nom`` dans les résultats d'une page.

    Parameters
    ----------
    executions : Mapping
        ``{onglet: rapport}``, tel que lu par `dlcourse.machinerie.figures.lire_resultats`.
    reference : str
        ``Keras.exactitude_test`` (un résultat déclaré) ou un chemin dans le
        rapport, comme ``PyTorch.duree_s`` ou ``Keras.versions.keras``.

    Returns
    -------
    Any
        La valeur enregistrée.

    Raises
    ------
    KeyError
        Si l'onglet ou la valeur n'existe pas (message en français).
    """
    onglet, _, chemin = reference.partition(".")
    if onglet not in executions:
        raise KeyError(f"{reference} : aucun résultat pour l'onglet {onglet!r} "
                       f"(onglets construits : {', '.join(executions) or 'aucun'} ; "
                       "lancez « make figures »).")
    rapport = executions[onglet]
    valeur: Any = rapport.get("resultats", {})
    if chemin in valeur:
        return valeur[chemin]
    valeur = rapport
    for morceau in chemin.split("."):
        if not isinstance(valeur, Mapping) or morceau not in valeur:
            raise KeyError(f"{reference} : valeur introuvable dans les résultats enregistrés.")
        valeur = valeur[morceau]
    return valeur


_RESULTAT = re.compile(r"\{\{\s*resultat\s+(?P<ref>[\w.-]+)(?:\s+(?P<format>\w+))?\s*\}\}")
_FIGURE = re.compile(r"\{\{\s*figure\s+(?P<fichier>[\w.-]+)\s*\}\}")


def remplacer(markdown: str, executions: Mapping[str, Any], dossier: str,
              alts: Mapping[str, str]) -> str:
    """Remplace les marques ``{{ resultat … }}`` et ``{{ figure … }}`` d'une page.

    Parameters
    ----------
    markdown : str
        Le Markdown de la page.
    executions : Mapping
        Ses résultats enregistrés.
    dossier : str
        Le nom du dossier de la page (où sont ses figures), relatif à la page.
    alts : Mapping[str, str]
        Le texte alternatif de chaque figure déclarée, par nom de fichier.

    Returns
    -------
    str
        Le Markdown avec les valeurs et les images.

    Raises
    ------
    KeyError
        Si une marque cite un résultat ou une figure inconnus.
    """
    def resultat(m: re.Match[str]) -> str:
        return formater(chercher(executions, m["ref"]), m["format"])

    def figure(m: re.Match[str]) -> str:
        fichier = m["fichier"]
        if fichier not in alts:
            raise KeyError(f"figure {fichier} : non déclarée dans l'en-tête execution de la page.")
        return f"![{alts[fichier]}]({dossier}/{fichier})"

    return _FIGURE.sub(figure, _RESULTAT.sub(resultat, markdown))
