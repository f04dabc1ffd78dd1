/*
 * Onglets liés dans les encadrés repliés (une solution « ??? success »).
 *
 * Material (content.tabs.link) bascule tous les onglets de même nom quand le
 * lecteur en choisit un, et retient ce choix (clé « __tabs », le plus récent
 * d'abord) pour les pages suivantes ; mais il compare le texte *affiché* des
 * onglets, vide dans un encadré replié. À l'ouverture d'un encadré, on
 * applique donc aux onglets qu'il contient le choix retenu.
 * Vérifié par tests/navigateur/test_lecture.py.
 */
(function () {
  "use strict";

  function choixRetenus() {
    try {
      return (typeof __md_get === "function" && __md_get("__tabs")) || [];
    } catch (erreur) {
      return [];
    }
  }

  function appliquer(racine) {
    var choix = choixRetenus();
    if (!choix.length) {
      return;
    }
    racine.querySelectorAll(".tabbed-set").forEach(function (ensemble) {
      var etiquettes = ensemble.querySelectorAll(":scope > .tabbed-labels > label");
      for (var i = 0; i < choix.length; i++) {
        for (var j = 0; j < etiquettes.length; j++) {
          if (etiquettes[j].textContent.trim() === choix[i]) {
            var entree = document.getElementById(etiquettes[j].htmlFor);
            if (entree && !entree.checked) {
              entree.checked = true;
              entree.dispatchEvent(new Event("change", { bubbles: true }));
            }
            return;
          }
        }
      }
    });
  }

  // « toggle » ne remonte pas : on l'écoute en phase de capture.
  document.addEventListener("toggle", function (evenement) {
    var cible = evenement.target;
    if (cible && cible.tagName === "DETAILS" && cible.open) {
      appliquer(cible);
    }
  }, true);
})();
