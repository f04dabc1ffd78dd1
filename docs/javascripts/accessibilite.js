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
               ".highlight-ipynb", ".md-typeset__scrollwrap", ".figure-lisible"].join(", ");

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

  // Après KaTeX (même mécanisme, inscrit avant, dans javascripts/katex.js) et
  // après la mise en page ; les polices de KaTeX, arrivées après le rendu,
  // changent la largeur des formules.
  window.dlcourseAChaqueMiseEnPage(function () { rendreFocalisables(document.body); });
})();

/*
 * Les boutons « Télécharger le carnet » depuis une copie locale du site
 * (file://) : Chromium n'honore l'attribut `download` que pour une adresse de
 * même origine, et chaque fichier ouvert en file:// est sa propre origine. Le
 * navigateur ouvre alors le JSON du carnet au lieu de l'enregistrer : une
 * ligne, sous les boutons, dit comment faire.
 */
(function () {
  "use strict";

  if (window.location.protocol !== "file:") {
    return;
  }

  function expliquer() {
    var vus = [];
    document.querySelectorAll("a.dlcourse-carnet").forEach(function (bouton) {
      var paragraphe = bouton.closest("p") || bouton.parentElement;
      if (!paragraphe || vus.indexOf(paragraphe) >= 0) {
        return;
      }
      vus.push(paragraphe);
      var note = document.createElement("small");
      note.className = "dlcourse-carnet-note";
      // Espaces insécables avant « : » et dans les guillemets, comme dans les pages.
      note.textContent = " Depuis une copie locale du site, le navigateur ouvre le carnet "
        + "au lieu de l'enregistrer\u00a0: clic droit › «\u00a0Enregistrer le lien "
        + "sous…\u00a0».";
      paragraphe.appendChild(note);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", expliquer);
  } else {
    expliquer();
  }
})();
