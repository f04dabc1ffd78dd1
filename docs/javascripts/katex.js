/*
 * Rendu des formules avec le KaTeX servi par le site (docs/assets/katex/).
 *
 * pymdownx.arithmatex (generic: true) écrit les formules telles quelles,
 * entre \( \) dans un <span class="arithmatex"> et entre \[ \] dans un
 * <div class="arithmatex"> : on rend ces éléments-là, comme la page « Math »
 * de la documentation de Material for MkDocs (variante KaTeX).
 *
 * Les notebooks (mkdocs-jupyter) gardent leurs formules $…$ et $$…$$ dans
 * le texte de leurs cellules Markdown : on les rend aussi.
 *
 * Material publie document$ à chaque chargement de page (une seule fois sans
 * navigation.instant) ; sans lui (page ouverte hors du thème), on attend la
 * fin du chargement du document.
 */
(function () {
  "use strict";

  var delimiteursArithmatex = [
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true }
  ];

  var delimiteursNotebook = [
    { left: "$$", right: "$$", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true }
  ];

  function rendre(racine) {
    if (typeof renderMathInElement !== "function") {
      return; // KaTeX absent : les formules restent en LaTeX lisible.
    }
    racine.querySelectorAll(".arithmatex").forEach(function (element) {
      renderMathInElement(element, {
        delimiters: delimiteursArithmatex,
        throwOnError: false
      });
    });
    racine.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown").forEach(
      function (element) {
        renderMathInElement(element, {
          delimiters: delimiteursNotebook,
          ignoredClasses: ["arithmatex"],
          throwOnError: false
        });
      }
    );
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(function (doc) {
      rendre(doc && doc.body ? doc.body : document.body);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      rendre(document.body);
    });
  } else {
    rendre(document.body);
  }
})();

/*
 * À chaque mise en page : `dlcourseAChaqueMiseEnPage(fonction)` appelle la
 * fonction (une fois par image, après la mise en page) à chaque page chargée
 * (y compris par la navigation instantanée de Material), quand la fenêtre
 * change de taille et quand des polices arrivent. Partagé avec
 * javascripts/accessibilite.js, chargé après ce script ; les fonctions passent
 * dans l'ordre où elles se sont inscrites.
 */
window.dlcourseAChaqueMiseEnPage = function (fonction) {
  "use strict";

  var prevu = false;
  function plusTard() {
    if (prevu) {
      return;
    }
    prevu = true;
    window.requestAnimationFrame(function () {
      prevu = false;
      fonction();
    });
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(plusTard);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", plusTard);
  } else {
    plusTard();
  }
  window.addEventListener("resize", plusTard);
  window.addEventListener("load", plusTard);
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", plusTard);
  }
};

/*
 * Une formule en bloc plus large que la colonne est réduite pour y tenir
 * (issue #16 : rien de coupé), jusqu'à la moitié de sa taille ; au-delà, elle
 * défile (et tests/navigateur le signale : il faut l'écrire sur plusieurs
 * lignes, avec un environnement aligned). Recalculé quand la fenêtre change de
 * taille et quand les polices de KaTeX arrivent.
 */
(function () {
  "use strict";

  var REDUCTION_MAX = 0.5;

  function ajuster() {
    document.querySelectorAll(".katex-display").forEach(function (bloc) {
      var formule = bloc.querySelector(":scope > .katex");
      if (!formule) {
        return;
      }
      formule.style.fontSize = "";
      var disponible = bloc.clientWidth;
      var largeur = formule.scrollWidth;
      if (disponible > 0 && largeur > disponible) {
        var taille = parseFloat(window.getComputedStyle(formule).fontSize);
        var facteur = Math.max(REDUCTION_MAX, Math.floor(disponible / largeur * 100) / 100);
        formule.style.fontSize = (taille * facteur).toFixed(2) + "px";
      }
    });
  }

  window.dlcourseAChaqueMiseEnPage(ajuster);
})();
