"""Rien de coupé, tout lisible : la mise en page de chaque page, à 1280 px et à 390 px.

Les mesures viennent de la visite de chaque page (fixture ``visites`` de
``conftest.py``) : la fenêtre prend les deux largeurs l'une après l'autre, tous
les onglets et tous les encadrés repliés montrés le temps de mesurer.
"""

from __future__ import annotations

import pytest

from dlcourse.machinerie.hook_mkdocs import TEXTE_DES_FIGURES_PX

LARGEURS = ("bureau", "telephone")

TEXTE_AFFICHE_MIN_PX = 10
"""La hauteur minimale du texte d'une figure, telle qu'affichée aux deux largeurs (issue #16)."""


@pytest.mark.parametrize("largeur", LARGEURS)
def test_rien_ne_deborde(visites, largeur):
    """Formules, code, tableaux, images et cellules de carnets tiennent dans la colonne.

    Seules les zones défilantes voulues (sorties des blocs et des carnets,
    tableaux : ``ZONES_DEFILANTES`` de ``conftest.py``) peuvent cacher une
    partie de leur contenu derrière un défilement horizontal.
    """
    problemes = [f"{nom} : {d}" for nom, v in visites.items()
                 for d in v.mise_en_page[largeur]["debordements"]]
    assert not problemes, (f"{len(problemes)} débordements à la largeur « {largeur} » :\n"
                           + "\n".join(problemes))


@pytest.mark.parametrize("largeur", LARGEURS)
def test_formules_en_bloc_d_un_seul_tenant(visites, largeur):
    """Une formule en bloc ne se coupe pas au premier signe venu, même sur téléphone.

    Les formules en ligne le peuvent sur un écran étroit ; celles en bloc, qui
    se coupaient ainsi au milieu d'une parenthèse (« (1 − » puis « A₁), »),
    sont réduites pour tenir ou écrites ligne à ligne (environnement aligned).
    """
    problemes = [f"{nom} : {f}" for nom, v in visites.items()
                 for f in v.mise_en_page[largeur]["formules_coupees"]]
    assert not problemes, "formules en bloc qui reviennent à la ligne :\n" + "\n".join(problemes)


@pytest.mark.parametrize("largeur", LARGEURS)
def test_sorties_lisibles(visites, largeur):
    """Un tableau de sortie garde ses lignes ; une autre sortie de page se lit sans défiler.

    Coupé, le tableau de ``model.summary()`` perd ses colonnes (« Out|put Shape »),
    et la question 5 des TP porte justement sur sa colonne « Param # ». Un message
    d'erreur, lui, défilait sur 1 600 px : il revient à la ligne.
    """
    sorties = [(nom, s) for nom, v in visites.items() for s in v.mise_en_page[largeur]["sorties"]]
    assert any(s["tableau"] for _, s in sorties) and any(not s["tableau"] for _, s in sorties)
    coupes = [f"{nom} : « {s['texte']} »" for nom, s in sorties
              if s["tableau"] and not s["lignes_gardees"]]
    assert not coupes, "tableaux de sortie qui reviennent à la ligne :\n" + "\n".join(coupes[:20])
    cachees = [f"{nom} : « {s['texte']} » : {s['cache_px']} px cachés" for nom, s in sorties
               if not s["tableau"] and s["cache_px"] > 1]
    assert not cachees, "sorties de page qui défilent :\n" + "\n".join(cachees[:20])


ECART_FORMULE_MAX_PX = 32
"""L'espace au plus entre une formule en bloc et le paragraphe voisin : celui de deux
paragraphes (16 px) et un peu d'air, pas les 61 px qu'y laissait une ligne vide."""


@pytest.mark.parametrize("largeur", LARGEURS)
def test_espace_normal_autour_des_formules(visites, largeur):
    """Une formule en bloc est séparée du texte comme un paragraphe l'est d'un autre."""
    ecarts = [(nom, e) for nom, v in visites.items()
              for e in v.mise_en_page[largeur]["ecarts_formules"]]
    assert ecarts, "aucune formule en bloc mesurée"
    problemes = [f"{nom} : « {e['formule']} » : {e['avant']} px avant, {e['apres']} px après"
                 for nom, e in ecarts if max(e["avant"], e["apres"]) > ECART_FORMULE_MAX_PX]
    assert not problemes, "formules trop espacées :\n" + "\n".join(problemes[:20])


TEXTE_SANS_DEFILEMENT_COLONNES = 3
"""Un tableau de texte (sans code ni formule) d'au plus 3 colonnes tient dans un téléphone."""


@pytest.mark.parametrize("largeur", LARGEURS)
def test_tableaux_de_texte_sans_defilement(visites, largeur):
    """Le glossaire et les tableaux de texte se lisent sans défilement horizontal.

    Sur téléphone, Material donnait 5rem au moins à chaque colonne et un large
    rembourrage : la dernière colonne du glossaire (les définitions) était coupée
    au bord de l'écran. Les tableaux qui montrent du code (Keras et PyTorch côte
    à côte) peuvent défiler : le code ne se coupe pas au milieu d'un nom.
    """
    problemes = [f"{nom} : {t['tableau']} ({t['colonnes']} colonnes) : {t['cache_px']} px cachés"
                 for nom, v in visites.items() for t in v.mise_en_page[largeur]["tableaux"]
                 if t["cache_px"] > 1 and (nom == "glossaire.html" or (
                     not t["avec_code"] and t["colonnes"] <= TEXTE_SANS_DEFILEMENT_COLONNES))]
    assert not problemes, "tableaux qui défilent :\n" + "\n".join(problemes)
    assert any(t["colonnes"] == 3 for t in visites["glossaire.html"].mise_en_page[largeur][
        "tableaux"]), "le glossaire n'a pas été mesuré"


@pytest.mark.parametrize("largeur", LARGEURS)
def test_zones_defilantes_au_clavier(visites, largeur):
    """Une zone qui défile horizontalement peut recevoir le focus (flèches du clavier)."""
    problemes = [f"{nom} : {z['zone']}" for nom, v in visites.items()
                 for z in v.mise_en_page[largeur]["defilantes"] if not z["clavier"]]
    assert not problemes, "zones défilantes sans focus clavier :\n" + "\n".join(problemes)


@pytest.mark.parametrize("largeur", LARGEURS)
def test_texte_des_figures_lisible(visites, largeur):
    """Le texte des figures mesure au moins 10 px, affiché à 1280 px et sur téléphone.

    Calculé de la taille enregistrée (10 points à 100 ppp : `TEXTE_DES_FIGURES_PX`,
    13,9 px dans le PNG) et du rapport entre la largeur affichée et la largeur
    naturelle de l'image. Sur téléphone, le crochet du site enveloppe chaque PNG
    (des pages et des carnets de TP) dans ``.figure-lisible``, qui l'empêche de
    descendre sous la largeur où ce texte reste lisible et le fait défiler.
    """
    trop_petit = []
    for nom, visite in visites.items():
        for figure in visite.mise_en_page[largeur]["figures"]:
            if figure["src"].endswith(".svg"):
                continue
            taille = TEXTE_DES_FIGURES_PX * figure["affichee"] / figure["naturelle"]
            if taille < TEXTE_AFFICHE_MIN_PX:
                trop_petit.append(f"{nom} : {figure['src']} : texte de {taille:.1f} px "
                                  f"({figure['naturelle']} px affichés sur "
                                  f"{figure['affichee']:.0f})")
    assert not trop_petit, (f"figures au texte trop petit (largeur « {largeur} ») :\n"
                            + "\n".join(trop_petit))


_CONTRASTE_DES_BOUTONS = """() => {
    const lum = c => {
        const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const fond = e => {
        for (; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (!/rgba\\(.*, 0\\)$|transparent/.test(c)) return c;
        }
        return 'rgb(255, 255, 255)';
    };
    return Array.from(document.querySelectorAll('.md-typeset .md-button')).map(b => {
        const [l1, l2] = [lum(getComputedStyle(b).color), lum(fond(b))];
        return {texte: b.textContent.trim(),
                rapport: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)};
    });
}"""


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_boutons_contrastes_dans_les_deux_palettes(site_construit, serveur, navigateur,
                                                    pages, palette):
    """Les boutons (téléchargement des carnets) atteignent 4,5:1 en clair et en sombre."""
    avec = [n for n in pages if "md-button" in (site_construit / n).read_text(encoding="utf-8")]
    assert avec, "aucune page n'a de bouton"
    contexte = navigateur.new_context(color_scheme=palette)
    page = contexte.new_page()
    mesures = []
    for nom in {avec[0], next((n for n in avec if n.startswith("tp/")), avec[0])}:
        page.goto(serveur + nom)
        mesures += [(nom, m) for m in page.evaluate(_CONTRASTE_DES_BOUTONS)]
    contexte.close()
    assert mesures
    faibles = [f"{nom} : « {m['texte']} » {m['rapport']:.2f}:1" for nom, m in mesures
               if m["rapport"] < 4.5]
    assert not faibles, f"boutons peu contrastés ({palette}) :\n" + "\n".join(faibles)


@pytest.mark.parametrize(("palette", "fond_attendu"), [("light", "clair"), ("dark", "sombre")])
def test_figures_accordees_a_la_palette(site_construit, serveur, navigateur, palette,
                                        fond_attendu):
    """En sombre, les figures ne sont plus des blocs blancs : leur fond affiché est foncé.

    Le bord de la figure (le fond de matplotlib), photographié tel que le
    navigateur l'affiche, filtre CSS compris, a une luminance moyenne sous
    0,25 en sombre, au-dessus de 0,9 en clair.
    """
    import io

    import matplotlib.image as mpimg
    import numpy as np

    contexte = navigateur.new_context(color_scheme=palette, viewport={"width": 1280,
                                                                       "height": 800})
    page = contexte.new_page()
    page.goto(serveur + "evaluation/regularisation.html")
    figure = next(i for i in page.query_selector_all(".md-content img") if i.is_visible())
    figure.scroll_into_view_if_needed()
    pixels = mpimg.imread(io.BytesIO(figure.screenshot()), format="png")[..., :3]
    contexte.close()
    bord = [pixels[:4].reshape(-1, 3), pixels[-4:].reshape(-1, 3),
            pixels[:, :4].reshape(-1, 3), pixels[:, -4:].reshape(-1, 3)]
    luminance = float(np.mean(np.concatenate(bord) @ np.array([0.2126, 0.7152, 0.0722])))
    if fond_attendu == "sombre":
        assert luminance < 0.25, f"fond de figure trop clair en sombre : {luminance:.2f}"
    else:
        assert luminance > 0.9, f"fond de figure pas blanc en clair : {luminance:.2f}"
