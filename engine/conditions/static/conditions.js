/* The browser's comfort mirror of engine/conditions/evaluate.py: shows and hides fields
 * as the candidate types. The server's evaluator stays the authority; this file must read
 * answers exactly as it does (tests/engine/test_conditions_mirror.py checks the parity).
 *
 * evaluate(cond, ctx): cond is the JSON form given by engine.conditions.to_json;
 * ctx = {answers: {code: value}, calendar: calendar_json(...), diplomas: [codes],
 *        unit_statuses: {unit: status}}. Answers are form values: texts, booleans, null.
 */
(function (root) {
  "use strict";

  var SPACES = " \t\n\r\f\v\u00a0\u202f";
  var INTEGER = /^[+-]?[0-9]{1,15}$/;
  var DECIMAL = /^[+-]?[0-9]{1,15}[.,][0-9]{1,15}$/;
  var ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
  var TRUE_WORDS = ["true", "1", "oui", "o", "yes", "y", "on"];
  var FALSE_WORDS = ["false", "0", "non", "n", "no", "off"];
  var ORDER = { lt: [-1], le: [-1, 0], gt: [1], ge: [0, 1], equals: [0], not_equals: [-1, 1] };
  var AGE_AT = { session_start: "start", session_year_end: "year_end",
                 registration_close: "registration_close" };

  function strip(text) {
    var start = 0, end = text.length;
    while (start < end && SPACES.indexOf(text[start]) >= 0) start++;
    while (end > start && SPACES.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(start, end);
  }

  function isAnswered(value) {
    if (value === null || value === undefined) return false;
    if (typeof value === "string") return strip(value) !== "";
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "object") return Object.keys(value).length > 0;
    return true;
  }

  function pad(n, width) {
    var text = String(n);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function daysInMonth(year, month) {
    if (month === 2) {
      var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return leap ? 29 : 28;
    }
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }

  /* Dates are ISO texts "YYYY-MM-DD": they order as texts for years 0001 to 9999. */
  function asDate(value) {
    if (typeof value !== "string") return null;
    var found = strip(value).slice(0, 10).match(ISO_DATE);
    if (!found) return null;
    var y = +found[1], m = +found[2], d = +found[3];
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
    return found[0];
  }

  function asNumber(value) {
    if (typeof value === "number") return isFinite(value) ? value : null;
    if (typeof value !== "string") return null;
    var text = strip(value);
    if (INTEGER.test(text) || DECIMAL.test(text)) return parseFloat(text.replace(",", "."));
    return null;
  }

  function asBool(value) {
    if (typeof value === "boolean") return value;
    if (value === 0 || value === 1) return value === 1;
    if (typeof value !== "string") return null;
    var word = strip(value).toLowerCase();
    if (TRUE_WORDS.indexOf(word) >= 0) return true;
    if (FALSE_WORDS.indexOf(word) >= 0) return false;
    return null;
  }

  function asText(value) {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isInteger(value)) return String(value);
    return null;
  }

  function shiftDate(iso, years, months, days) {
    var y = +iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
    var index = m - 1 + months + 12 * years;
    var year = y + Math.floor(index / 12), month = ((index % 12) + 12) % 12 + 1;
    year = Math.min(Math.max(year, 1), 9999);
    var day = Math.min(d, daysInMonth(year, month));
    var at = new Date(0);
    at.setUTCFullYear(year, month - 1, day);
    at.setUTCDate(at.getUTCDate() + days);
    var out = at.getUTCFullYear();
    if (out < 1) return "0001-01-01";
    if (out > 9999) return "9999-12-31";
    return pad(out, 4) + "-" + pad(at.getUTCMonth() + 1, 2) + "-" + pad(at.getUTCDate(), 2);
  }

  /* A literal of the JSON form: a relative date becomes its ISO date; kind says how to read
   * the answer compared with it. */
  function literal(value, calendar) {
    if (value !== null && typeof value === "object") {
      return { kind: "date", value: shiftDate(calendar[value.session], value.years || 0,
                                               value.months || 0, value.days || 0) };
    }
    if (typeof value === "boolean") return { kind: "bool", value: value };
    if (typeof value === "number") return { kind: "number", value: value };
    if (asDate(value) === value) return { kind: "date", value: value };
    return { kind: "text", value: value };
  }

  function coerce(answer, kind) {
    if (kind === "bool") return asBool(answer);
    if (kind === "number") return asNumber(answer);
    if (kind === "date") return asDate(answer);
    return asText(answer);
  }

  function sign(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  function compare(answer, op, value, calendar) {
    if (!isAnswered(answer)) return false;
    if (op === "in" || op === "not_in") {
      var hit = false, readable = false;
      value.forEach(function (item) {
        var lit = literal(item, calendar), got = coerce(answer, lit.kind);
        if (got !== null) readable = true;
        if (got !== null && got === lit.value) hit = true;
      });
      return op === "in" ? hit : readable && !hit;
    }
    var lit = literal(value, calendar), got = coerce(answer, lit.kind);
    if (got === null) return false;
    if (op === "equals") return got === lit.value;
    if (op === "not_equals") return got !== lit.value;
    if (lit.kind !== "number" && lit.kind !== "date") return false;
    return ORDER[op].indexOf(sign(got, lit.value)) >= 0;
  }

  function ageAt(birth, on) {
    var born = asDate(birth);
    if (born === null) return null;
    var years = +on.slice(0, 4) - +born.slice(0, 4);
    return on.slice(5) < born.slice(5) ? years - 1 : years;
  }

  function evaluate(cond, ctx) {
    if (cond === null || cond === undefined) return true;
    if (typeof cond === "boolean") return cond;
    if (cond.all) return cond.all.every(function (c) { return evaluate(c, ctx); });
    if (cond.any) return cond.any.some(function (c) { return evaluate(c, ctx); });
    if ("not" in cond) return !evaluate(cond.not, ctx);
    var answers = ctx.answers || {};
    if ("field" in cond) {
      var answer = answers[cond.field];
      if ("set" in cond) return isAnswered(answer) === cond.set;
      for (var op in cond) {
        if (op !== "field") return compare(answer, op, cond[op], ctx.calendar);
      }
      return false;
    }
    if ("age" in cond) {
      var years = ageAt(answers[cond.age], ctx.calendar[AGE_AT[cond.at || "session_year_end"]]);
      for (var key in cond) {
        if (key in ORDER) return years !== null && ORDER[key].indexOf(sign(years, cond[key])) >= 0;
      }
      return false;
    }
    if ("acquis" in cond) return (ctx.diplomas || []).indexOf(cond.acquis) >= 0;
    if ("unit" in cond) return (ctx.unit_statuses || {})[cond.unit] === cond.status;
    return false;
  }

  var api = { evaluate: evaluate, isAnswered: isAnswered };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.examformsConditions = api;
})(this);
