"""Les durées que le livre montre au lecteur, lues dans les exécutions complètes.

La durée enregistrée d'un chemin est son **temps de calcul** : le temps
processeur du seul code de la page (imports des frameworks exclus), mesuré
par la construction (`dlcourse.machinerie.figures`), qui exécute deux cibles à
la fois avec un fil de calcul chacune. Le temps processeur ne dépend pas de
l'autre cible qui tourne à côté ; la construction refuse d'ailleurs
d'enregistrer quand d'autres processus occupent la machine
(`dlcourse.machinerie.charge`).

Sous le titre de chaque page qui entraîne, le crochet MkDocs écrit la durée
de chaque onglet et l'appareil (`ligne_des_durees`) ; la page d'accueil cite
la plus longue (`la_plus_longue`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

ESPACE_FINE = "\u202f"

SEUIL_AFFICHE_S = 5.0
"""Une page dont aucun onglet ne calcule si longtemps n'affiche pas de durée (rien n'y entraîne)."""


def duree(secondes: float) -> str:
    """``42 s``, ``4 min 36 s`` ou ``0,4 s`` (espaces fines insécables)."""
    if secondes < 1:
        return f"{secondes:.1f}".replace(".", ",") + f"{ESPACE_FINE}s"
    total = round(secondes)
    minutes, reste = divmod(total, 60)
    if not minutes:
        return f"{reste}{ESPACE_FINE}s"
    texte = f"{minutes}{ESPACE_FINE}min"
    return f"{texte} {reste}{ESPACE_FINE}s" if reste else texte


def temps_de_calcul(rapport: Mapping[str, Any]) -> float:
    """Le temps de calcul enregistré d'une exécution (processeur ; à défaut, écoulé)."""
    valeur = rapport.get("duree_cpu_s", rapport.get("duree_s"))
    if valeur is None:
        raise KeyError("exécution sans durée enregistrée (ni duree_cpu_s ni duree_s)")
    return float(valeur)


def ligne_des_durees(executions: Mapping[str, Mapping[str, Any]]) -> str:
    """La phrase qui donne la durée de chaque onglet et l'appareil, ou ``""``.

    Parameters
    ----------
    executions : Mapping
        ``{onglet: rapport}`` d'une page (`dlcourse.machinerie.figures.lire_resultats`).

    Returns
    -------
    str
        Par exemple « Exécution complète : Keras 1 min 12 s, PyTorch 58 s de calcul,
        mesurés sur CPU (2 cœurs, x86_64) avec un seul fil de calcul. » ; vide si
        aucun onglet n'atteint `SEUIL_AFFICHE_S`.
    """
    durees = {onglet: temps_de_calcul(r) for onglet, r in executions.items()}
    if not durees or max(durees.values()) < SEUIL_AFFICHE_S:
        return ""
    parties = [duree(s) if onglet == "commun" else f"{onglet} {duree(s)}"
               for onglet, s in durees.items()]
    appareils = sorted({str(r.get("appareil", "appareil inconnu")) for r in executions.values()})
    return (f"Exécution complète : {', '.join(parties)} de calcul, mesurés sur "
            f"{' et '.join(appareils)} avec un seul fil de calcul.")


def la_plus_longue(dossier_docs: Path, titres: Mapping[str, str] | None = None) -> str:
    """« 3 min 12 s (Titre de la page, onglet PyTorch) » : le chemin le plus long du livre.

    Raises
    ------
    ValueError
        Si aucune page n'a d'exécution enregistrée.
    """
    import json

    titres = titres or {}
    meilleur: tuple[float, str, str] | None = None
    for fichier in sorted(dossier_docs.rglob("resultats.json")):
        page = fichier.parent.relative_to(dossier_docs).as_posix() + ".md"
        executions = json.loads(fichier.read_text(encoding="utf-8")).get("executions", {})
        for onglet, rapport in executions.items():
            secondes = temps_de_calcul(rapport)
            if meilleur is None or secondes > meilleur[0]:
                meilleur = (secondes, page, onglet)
    if meilleur is None:
        raise ValueError("aucune exécution complète enregistrée (lancez « make figures »).")
    secondes, page, onglet = meilleur
    titre = titres.get(page, page)
    return f"{duree(secondes)} ({titre}, onglet {onglet})" if onglet != "commun" else (
        f"{duree(secondes)} ({titre})")
