"""Le crochet MkDocs du livre : résultats et figures des exécutions complètes.

Déclaré dans ``mkdocs.yml`` (``hooks:``). Pour chaque page qui déclare une
exécution dans son en-tête, remplace les marques de `dlcourse.resultats`
par les valeurs de ``resultats.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from dlcourse.figures import lire_resultats
from dlcourse.resultats import remplacer


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    """Remplace ``{{ resultat … }}`` et ``{{ figure … }}`` dans le Markdown de la page."""
    if "{{" not in markdown or not page.meta.get("execution"):
        return markdown  # seules les pages qui déclarent une exécution ont des marques
    source = Path(page.file.abs_src_path)
    alts = {str(f["fichier"]): str(f["alt"])
            for spec in (page.meta.get("execution") or {}).values()
            for f in (spec or {}).get("figures", [])}
    try:
        return remplacer(markdown, lire_resultats(source), source.stem, alts)
    except (KeyError, ValueError) as erreur:
        raise PluginError(f"{page.file.src_path} : {erreur.args[0]}") from erreur
