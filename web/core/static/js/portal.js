/* Comfort only: every page works without this script (the server re-renders on submit). */
(function () {
  "use strict";
  document.documentElement.classList.add("portal-js");

  var summary = document.getElementById("resume-erreurs");
  if (summary) { summary.focus(); }

  var country = document.querySelector("[data-pays-naissance]");
  var birthplace = document.getElementById("lieu-naissance-france");
  function syncBirthplace() {
    if (country && birthplace) { birthplace.hidden = country.value !== "FR"; }
  }
  if (country) { country.addEventListener("change", syncBirthplace); syncBirthplace(); }

  var dept = document.querySelector("[data-departement]");
  var commune = document.querySelector("[data-commune]");
  var searchGroup = document.getElementById("groupe-recherche-commune");
  var search = document.getElementById("recherche-commune");
  var all = [];

  function fill(rows) {
    var keep = commune.value;
    while (commune.options.length > 1) { commune.remove(1); }
    rows.forEach(function (row) {
      var option = new Option(row.nom, row.code);
      if (row.code === keep) { option.selected = true; }
      commune.add(option);
    });
  }
  var pending = null;
  function filter() {
    // The server ranks matches (accents, "st" for Saint, former communes); an empty query
    // shows the whole list again.
    var q = search.value.trim();
    if (pending) { clearTimeout(pending); }
    if (!q) { fill(all); return; }
    pending = setTimeout(function () {
      var url = dept.getAttribute("data-communes-url") + "?departement=" +
        encodeURIComponent(dept.value) + "&q=" + encodeURIComponent(q);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (rows) { if (search.value.trim() === q) { fill(rows); } });
    }, 200);
  }
  function load() {
    if (!dept.value) { all = []; fill(all); return; }
    var url = dept.getAttribute("data-communes-url") + "?departement=" + encodeURIComponent(dept.value);
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (rows) { all = rows; fill(rows); });
  }
  if (dept && commune) {
    if (searchGroup) { searchGroup.hidden = false; }
    dept.addEventListener("change", function () { commune.value = ""; if (search) { search.value = ""; } load(); });
    if (search) { search.addEventListener("input", filter); }
    if (dept.value) {
      all = Array.prototype.slice.call(commune.options, 1).map(function (o) { return { code: o.value, nom: o.text }; });
    }
  }

  // The idle session's warning (RGAA 13.1): shown before the session ends, with a button
  // that extends it; once the session has ended, a link to log in again.
  var expiry = document.getElementById("expiration-session");
  if (expiry) {
    var warning = document.getElementById("expiration-avertissement");
    var ended = document.getElementById("expiration-terminee");
    var keep = warning.querySelector("form");
    var timers = [];
    var showEnded = function () {
      timers.forEach(clearTimeout);
      expiry.hidden = false; warning.hidden = true; ended.hidden = false;
      document.getElementById("lien-reconnexion").focus();
    };
    var showWarning = function () {
      expiry.hidden = false; warning.hidden = false; ended.hidden = true;
      document.getElementById("bouton-prolonger").focus();
    };
    var arm = function () {
      timers.forEach(clearTimeout);
      expiry.hidden = true;
      timers = [
        setTimeout(showWarning, Number(expiry.getAttribute("data-avertir")) * 1000),
        setTimeout(showEnded, Number(expiry.getAttribute("data-expirer")) * 1000)
      ];
    };
    keep.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(keep.action, {
        method: "POST", body: new FormData(keep), credentials: "same-origin",
        redirect: "manual", headers: { "X-Requested-With": "fetch" }
      }).then(function (r) { if (r.status === 204) { arm(); } else { showEnded(); } })
        .catch(showEnded);
    });
    arm();
  }
})();
