/* Comfort only: show and hide the tab's fields as the candidate answers, with the engine's
 * mirror of the condition evaluator. The server checks everything again on Suivant. */
(function () {
  /* After Mettre à jour, Ajouter or Retirer on the Acquis tab: focus back where the candidate
   * was (the page's #fragment) and the change said again in the polite live region, written
   * after load so that screen readers announce it. An error summary keeps the focus. */
  "use strict";
  if (document.getElementById("resume-erreurs")) return;
  var region = document.getElementById("annonce-acquis");
  var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target && region && target.closest("#form-onglet")) target.focus();
  var said = region && region.getAttribute("data-announce");
  if (said) {
    region.textContent = "";
    window.setTimeout(function () {
      var box = document.createElement("div");
      var p = document.createElement("p");
      box.className = "fr-alert fr-alert--info fr-alert--sm";
      p.textContent = said;
      box.appendChild(p);
      region.appendChild(box);
    }, 300);
  }
})();

(function () {
  "use strict";
  var data = document.getElementById("wizard-conditions");
  var form = document.getElementById("form-onglet");
  var api = window.examformsConditions;
  if (!data || !form || !api) return;
  var base = JSON.parse(data.textContent);

  function valueOf(wrapper) {
    var type = wrapper.getAttribute("data-type");
    var inputs = wrapper.querySelectorAll("input[name], select[name], textarea[name]");
    if (!inputs.length) return undefined;
    if (type === "checkbox") return inputs[0].checked;
    if (inputs[0].type === "radio") {
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked) return type === "yesno" ? inputs[i].value === "oui" : inputs[i].value;
      }
      return null;
    }
    return inputs[0].value === "" ? null : inputs[0].value;
  }

  function setShown(element, shown) {
    element.hidden = !shown;
    if (element.hasAttribute("data-readonly")) return;  // the account's data: read-only, never posted
    var controls = element.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) {
      controls[i].disabled = !shown;
    }
  }

  function setRequired(wrapper, required) {
    var marks = wrapper.querySelectorAll("[data-required-mark]");
    for (var i = 0; i < marks.length; i++) marks[i].hidden = !required;
    // aria-required on the checkbox, the select or input, or the radios' group.
    var controls = wrapper.querySelectorAll("input:not([type=radio]):not([type=hidden]), select, textarea, [role=radiogroup]");
    for (var c = 0; c < controls.length; c++) {
      if (required) controls[c].setAttribute("aria-required", "true");
      else controls[c].removeAttribute("aria-required");
    }
  }

  function refresh() {
    // As the server walks the tab: a condition sees only the kept answers of earlier fields.
    var answers = Object.assign({}, base.answers);
    var ctx = { answers: answers, calendar: base.calendar, diplomas: base.diplomas,
                unit_statuses: base.unit_statuses };
    var sections = form.querySelectorAll("[data-section]");
    for (var s = 0; s < sections.length; s++) {
      var sectionCond = JSON.parse(sections[s].getAttribute("data-visible-if") || "null");
      var sectionOn = api.evaluate(sectionCond, ctx);
      var any = false;
      var wrappers = sections[s].querySelectorAll("[data-field]");
      for (var w = 0; w < wrappers.length; w++) {
        var code = wrappers[w].getAttribute("data-field");
        var cond = JSON.parse(wrappers[w].getAttribute("data-visible-if") || "null");
        var on = sectionOn && api.evaluate(cond, ctx);
        setShown(wrappers[w], on);
        var requiredIf = wrappers[w].getAttribute("data-required-if");
        if (requiredIf !== null) setRequired(wrappers[w], on && api.evaluate(JSON.parse(requiredIf), ctx));
        any = any || on;
        var value = on ? valueOf(wrappers[w]) : undefined;
        if (wrappers[w].hasAttribute("data-readonly")) continue;
        if (on && api.isAnswered(value)) answers[code] = value; else delete answers[code];
      }
      sections[s].hidden = !any;
    }
  }

  form.addEventListener("change", refresh);
  refresh();
})();
