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
