/* A data table wider than the screen scrolls inside its own box (WCAG 1.4.10); that box is
   then made reachable with Tab so that a keyboard user can scroll it with the arrows (2.1.1).
   A table that fits keeps no extra tab stop. */
(function () {
  "use strict";
  function update() {
    // The DSFR's current markup scrolls its container; the older one scrolls the table.
    var boxes = document.querySelectorAll(".fr-table__container, .fr-table > table");
    Array.prototype.forEach.call(boxes, function (box) {
      var caption = box.querySelector("caption");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        // A focused container is announced by the table it scrolls.
        if (box.tagName !== "TABLE" && caption) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      } else {
        box.removeAttribute("tabindex");
        if (box.tagName !== "TABLE") {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      }
    });
  }
  update();
  window.addEventListener("resize", update);
})();
