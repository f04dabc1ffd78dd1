"""La typographie française du site, appliquée au HTML des pages à la construction.

Appelé par le crochet MkDocs (`dlcourse.machinerie.hook_mkdocs`, ``on_page_content``)
sur le HTML de chaque page écrite en Markdown. Dans le texte courant seulement :

- une espace fine insécable (U+202F) avant « ; », « ! », « ? » et « % » ;
- une espace insécable (U+00A0) avant « : » et à l'intérieur des guillemets
  « … » ;
- des espaces fines insécables entre les milliers d'un nombre tapé avec des
  espaces ordinaires (« 70 000 » devient « 70 000 »).

Seules les espaces déjà tapées deviennent insécables (sauf dans les
guillemets, où l'espace manquante est ajoutée) : « 12:30 », « a;b » ou une
adresse ``http://…`` restent tels quels. Rien ne change dans une balise ou ses
attributs, ni dans le contenu de ``<code>``, ``<pre>``, ``<kbd>``,
``<script>``, ``<style>``, ``<textarea>``, ``<svg>``, ``<math>`` et des
éléments des formules (classe ``arithmatex`` ou ``katex``), ni dans les
commentaires HTML.
"""

from __future__ import annotations

import re

ESPACE_FINE = "\u202f"
"""Espace fine insécable : avant ; ! ? %, et entre les milliers."""
ESPACE_INSECABLE = "\u00a0"
"""Espace insécable (mot) : avant le deux-points et dans les guillemets."""

ELEMENTS_INTACTS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea",
                              "svg", "math"})
"""Les éléments dont le contenu n'est jamais retouché."""
CLASSES_INTACTES = ("arithmatex", "katex")
"""Les classes (formules) dont le contenu n'est jamais retouché."""
_VIDES = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                    "source", "track", "wbr"})

_JETON = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*\?>|</?[A-Za-z][^>]*>", re.DOTALL)
_BALISE = re.compile(r"<(?P<fin>/)?(?P<nom>[A-Za-z][\w:-]*)(?P<attributs>[^>]*?)(?P<vide>/)?>",
                     re.DOTALL)
_CLASSE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")

_AVANT_PONCTUATION_HAUTE = re.compile(r"\s+(?=[;!?])")
_AVANT_POURCENT = re.compile(r"(?<=\d)\s+(?=%)")
_AVANT_DEUX_POINTS = re.compile(r"\s+(?=:(?:\s|$))")
_APRES_OUVRANT = re.compile(r"«\s*")
_AVANT_FERMANT = re.compile(r"\s*»")
_MILLIERS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d])")


def texte(chaine: str) -> str:
    """Applique les règles à un texte courant (sans balises).

    Parameters
    ----------
    chaine : str
        Le texte d'un nœud HTML (les entités restent telles quelles).

    Returns
    -------
    str
        Le même texte, avec les espaces de la typographie française.

    Examples
    --------
    >>> texte("Attention : « 70 000 images » ; vraiment ?") == (
    ...     "Attention\\u00a0: «\\u00a070\\u202f000 images\\u00a0»\\u202f; vraiment\\u202f?")
    True
    """
    chaine = _MILLIERS.sub(lambda m: re.sub("[ \u00a0]", ESPACE_FINE, m.group(0)), chaine)
    chaine = _AVANT_PONCTUATION_HAUTE.sub(ESPACE_FINE, chaine)
    chaine = _AVANT_POURCENT.sub(ESPACE_FINE, chaine)
    chaine = _AVANT_DEUX_POINTS.sub(ESPACE_INSECABLE, chaine)
    chaine = _APRES_OUVRANT.sub("«" + ESPACE_INSECABLE, chaine)
    return _AVANT_FERMANT.sub(ESPACE_INSECABLE + "»", chaine)


def _intact(nom: str, attributs: str) -> bool:
    if nom in ELEMENTS_INTACTS:
        return True
    if m := _CLASSE.search(attributs):
        classes = next(g for g in m.groups() if g is not None).split()
        return any(c.startswith(CLASSES_INTACTES) for c in classes)
    return False


def html(document: str, formules_en_dollars: bool = False) -> str:
    """Applique les règles au texte courant d'un fragment HTML.

    Les balises, leurs attributs, les commentaires et le contenu des éléments
    de code et de formules (`ELEMENTS_INTACTS`, `CLASSES_INTACTES`) restent
    tels quels.

    Parameters
    ----------
    document : str
        Le HTML d'une page (le contenu que produit MkDocs).
    formules_en_dollars : bool
        Laisser aussi intactes les formules ``$…$`` et ``$$…$$`` du texte : un
        carnet rendu par mkdocs-jupyter les garde telles quelles dans le HTML.

    Returns
    -------
    str
        Le même HTML, avec les espaces de la typographie française.
    """
    morceaux: list[str] = []
    ouverts: list[tuple[str, bool]] = []  # (élément, intact)
    position = 0
    for jeton in _JETON.finditer(document):
        morceaux.append(_texte_hors_balises(document[position:jeton.start()], ouverts,
                                            formules_en_dollars))
        morceaux.append(jeton.group(0))
        position = jeton.end()
        balise = _BALISE.fullmatch(jeton.group(0))
        if balise is None:  # commentaire, déclaration
            continue
        nom = balise["nom"].lower()
        if balise["fin"]:
            for i in range(len(ouverts) - 1, -1, -1):
                if ouverts[i][0] == nom:
                    del ouverts[i:]
                    break
        elif not balise["vide"] and nom not in _VIDES:
            ouverts.append((nom, _intact(nom, balise["attributs"])))
    morceaux.append(_texte_hors_balises(document[position:], ouverts, formules_en_dollars))
    return "".join(morceaux)


_FORMULE_EN_DOLLARS = re.compile(r"(\$\$.*?\$\$|(?<!\\)\$[^$\n]+\$)", re.DOTALL)


def _texte_hors_balises(chaine: str, ouverts: list[tuple[str, bool]],
                        formules_en_dollars: bool) -> str:
    if not chaine or any(intact for _, intact in ouverts):
        return chaine
    if not formules_en_dollars:
        return texte(chaine)
    return "".join(morceau if i % 2 else texte(morceau)
                   for i, morceau in enumerate(_FORMULE_EN_DOLLARS.split(chaine)))
