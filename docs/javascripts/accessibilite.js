/*
 * Accessibilité au clavier (vérifiée par axe-core dans tests/navigateur) :
 * une zone qui défile horizontalement (une longue formule KaTeX, une sortie
 * de carnet, un tableau large) doit pouvoir recevoir le focus, pour qu'on la
 * fasse défiler avec les flèches du clavier. On lui donne tabindex="0" après
 * le rendu des formules (ce script est chargé après javascripts/katex.js).
 */
(function () {
  "use strict";

  var ZONES = [".katex-display", ".jp-OutputArea-output", ".jp-RenderedHTML", ".jupyter-wrapper pre",
               ".highlight-ipynb", ".md-typeset__scrollwrap"].join(", ");

  function rendreFocalisables(racine) {
    racine.querySelectorAll(ZONES).forEach(function (zone) {
      var deborde = zone.scrollWidth > zone.clientWidth || zone.scrollHeight > zone.clientHeight;
      if (deborde && !zone.hasAttribute("tabindex")) {
        zone.setAttribute("tabindex", "0");
        if (!zone.hasAttribute("aria-label") && !zone.hasAttribute("role")) {
          zone.setAttribute("role", "region");
          zone.setAttribute("aria-label", "Zone défilante");
        }
      }
    });
  }

  function plusTard() {
    // Après KaTeX (même abonnement, inscrit avant) et après la mise en page.
    window.requestAnimationFrame(function () { rendreFocalisables(document.body); });
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
  // Les polices de KaTeX arrivent après le rendu : la largeur des formules change.
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", plusTard);
  }
})();
