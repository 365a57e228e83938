/* Leverage book: small fixes for HTML and theme behaviour that configuration cannot change. */
(function () {
  "use strict";

  // docutils writes <div role="list" class="citation-list"> whose children have the deprecated
  // role "doc-biblioentry"; a list must contain list items (axe: aria-required-children, critical).
  function fixCitationList() {
    document.querySelectorAll('.citation-list[role="list"] > [role="doc-biblioentry"]').forEach(function (el) {
      el.setAttribute("role", "listitem");
    });
  }

  // pydata-sphinx-theme 0.17 binds its sidebar toggle to the FIRST ".primary-toggle" on the page, a
  // button of its own header that sphinx-book-theme hides; the book theme's visible toggle in the
  // article header then does nothing, so phone readers cannot open the table of contents
  // (pydata-sphinx-theme issue 2451). Forward clicks on the other toggles to the bound one, which
  // opens the sidebar as a dialog on narrow screens and collapses it on wide ones.
  function fixSidebarToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var toggles = document.querySelectorAll(selector);
      if (toggles.length < 2) {
        return;
      }
      var bound = toggles[0];
      Array.prototype.slice.call(toggles, 1).forEach(function (toggle) {
        toggle.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          toggle.blur();
          bound.click();
        });
      });
    });
  }

  function fix() {
    fixCitationList();
    fixSidebarToggles();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
