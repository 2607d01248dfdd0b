"""Second pass over a spec: unique codes, references, wizard structure (beyond a schema)."""

from __future__ import annotations

import re
from typing import Any

from engine.errors import Path, SourceMap, SpecError
from engine.spec.checks_base import Checks, path_value
from engine.spec.compile import Compiled
from engine.spec.semantic_conditions import check_conditions
from engine.spec.semantic_documents import DocumentChecks
from engine.spec.semantic_migrations import MigrationChecks
from engine.spec.semantic_results import ResultChecks
from engine.spec.semantic_same_tab import same_tab_warnings
from engine.spec.semantic_units import UnitChecks
from engine.spec.shape import suggest

RESERVED_FIELD_CODES = frozenset(
    {
        "data",
        "errors",
        "validate",
        "meta",
        "process",
        "populate_obj",
        "form_errors",
        "csrf_token",
        "populate",
        "hidden_tag",
        "is_submitted",
        "validate_on_submit",
        "submit",
        "extra_validators",
        "Meta",
        "fields",
        "prefix",
        "form",
        "obj",
    }
)

# Texts the engine and the portal show by themselves, without a key pointing at them.
ENGINE_TEXT_KEYS = frozenset(
    {
        "modalites",
        "conditions",
        "nothing_to_choose",
        "legal_notice",
        "confirmation_footer",
        "summary_warning",
        "receipt_saved",
        "receipt_closing",
        "receipt_contact",
        "units_note",
    }
)

SPECIAL_TYPES = ("category", "speciality", "forme")
TEXT_TYPES = frozenset({"text", "textarea", "email", "phone", "postal_code"})


class WizardChecks(Checks):
    def tabs(self) -> None:
        tabs = self.data["tabs"]
        self.unique("tab code", ((t["code"], ("tabs", i, "code")) for i, t in enumerate(tabs)))
        for code, paths in self.compiled.field_paths.items():
            self.unique("field code", ((code, (*p, "code")) for p in paths))
        saves = [i for i, t in enumerate(tabs) if t.get("save")]
        receipts = [i for i, t in enumerate(tabs) if t["role"] == "receipt"]
        if not saves:
            self.add(
                "E212", "no tab has `save: true`: the candidate could never Enregistrer", ("tabs",)
            )
        for i in saves[1:]:
            self.add(
                "E213",
                f"tab '{tabs[i]['code']}' also has `save: true` (first on tab "
                f"'{tabs[saves[0]]['code']}')",
                ("tabs", i, "save"),
            )
        for i in receipts:
            if i != len(tabs) - 1:
                self.add(
                    "E215",
                    f"the receipt tab '{tabs[i]['code']}' must be the last tab",
                    ("tabs", i, "role"),
                )
            if saves and saves[0] > i:
                self.add(
                    "E214",
                    f"`save: true` on tab '{tabs[saves[0]]['code']}' comes after "
                    f"the receipt tab '{tabs[i]['code']}'",
                    ("tabs", saves[0], "save"),
                )
        texts = self.data.get("texts") or {}
        for i, t in enumerate(tabs):
            if t["role"] in ("acceptance", "conditions") and "text" not in t:
                self.add(
                    "E220",
                    f"tab '{t['code']}' with role {t['role']} needs a `text:` key "
                    "naming one of texts",
                    ("tabs", i),
                )
            if "text" in t and t["text"] not in texts:
                self.unknown("E206", "text key", texts, ("tabs", i, "text"))
            intro = t.get("intro")
            if isinstance(intro, str) and intro.isidentifier() and intro not in texts:
                self.add(
                    "W206",
                    f"intro '{intro}' is not a key of texts: it will be shown as is"
                    f"{suggest(intro, texts)}",
                    ("tabs", i, "intro"),
                )
        self.fields()

    def fields(self) -> None:
        exam = self.compiled.exam
        by_code = {f.code: f for f in reversed(exam.fields)}
        first_special: dict[str, str] = {}
        seen: dict[str, int] = {}
        for f in exam.fields:
            # field_paths lists a code's places in wizard order, like exam.fields.
            path = self.compiled.field_paths[f.code][seen.get(f.code, 0)]
            seen[f.code] = seen.get(f.code, 0) + 1
            raw = path_value(self.data, path)
            if f.code in RESERVED_FIELD_CODES:
                self.add(
                    "E216",
                    f"field code '{f.code}' is a reserved form attribute",
                    (*path, "code"),
                    hint=f"Rename it, e.g. '{f.code}_candidat'.",
                )
            if f.type in SPECIAL_TYPES:
                if f.type in first_special:
                    self.add(
                        "E217",
                        f"a second {f.type} field '{f.code}' (the first is "
                        f"'{first_special[f.type]}')",
                        (*path, "type"),
                    )
                else:
                    first_special[f.type] = f.code
            self.field_keys(f.type, raw, path)
            if f.depends_on is not None:
                dep = by_code.get(f.depends_on)
                if dep is None:
                    self.unknown("E202", "field", by_code, (*path, "depends_on"))
                elif dep.list != "departements":
                    self.add(
                        "E208",
                        f"depends_on names '{dep.code}', which is not a reference "
                        "field with list: departements",
                        (*path, "depends_on"),
                    )
                elif dep.order > f.order:
                    self.add(
                        "E219",
                        f"depends_on names '{dep.code}', which comes later in the wizard",
                        (*path, "depends_on"),
                    )
        offered = {
            "category": ("categories", "the exam's categories"),
            "speciality": ("specialities", "the exam's specialities"),
            "forme": ("categories", "the formes of the exam's categories"),
        }
        for kind, (key, what) in offered.items():
            if kind in first_special and not self.data.get(key):
                path = self.compiled.field_paths[first_special[kind]][0]
                self.add(
                    "E224",
                    f"field '{first_special[kind]}' offers {what}, but the spec has no {key}:",
                    (*path, "type"),
                )
        if "category" in first_special and exam.categories and not any(
            c.self_registration for c in exam.categories
        ):
            path = self.compiled.field_paths[first_special["category"]][0]
            self.add(
                "W208",
                f"field '{first_special['category']}' offers no category: every category has "
                "self_registration: false",
                (*path, "type"),
            )
        bdf = exam.birth_date_field
        if bdf is not None:
            bpath: Path = ("exam", "birth_date_field")
            if bdf not in by_code:
                self.unknown("E202", "field", by_code, bpath)
            elif by_code[bdf].type != "date":
                self.add(
                    "E208",
                    f"birth_date_field '{bdf}' is a {by_code[bdf].type} field, not a date field",
                    bpath,
                )

    def field_keys(self, kind: str, raw: dict[str, Any], path: Path) -> None:
        """Keys that only make sense for some field types."""
        rules: list[tuple[str, bool, str]] = [
            ("choices", kind in ("select", "radio"), "select and radio"),
            ("list", kind == "reference", "reference"),
            ("min_length", kind in TEXT_TYPES, "text"),
            ("max_length", kind in TEXT_TYPES, "text"),
            ("pattern", kind in TEXT_TYPES, "text"),
            ("min", kind in ("integer", "date"), "integer and date"),
            ("max", kind in ("integer", "date"), "integer and date"),
            ("min_message", kind in ("integer", "date"), "integer and date"),
            ("max_message", kind in ("integer", "date"), "integer and date"),
            ("depends_on", raw.get("list") == "communes", "reference fields with list: communes"),
        ]
        for key, allowed, types in rules:
            if key in raw and not allowed:
                self.add(
                    "E208",
                    f"'{key}' does not apply to a {kind} field (only to {types})",
                    (*path, key),
                    at_key=True,
                )
        if kind == "reference" and "list" not in raw:
            self.add(
                "E221",
                f"reference field '{raw['code']}' needs `list:` (countries, "
                "nationalities, departements, communes, pcs, academies)",
                path,
            )
        if kind in ("select", "radio") and "choices" not in raw:
            self.add("E222", f"{kind} field '{raw['code']}' needs `choices:`", path)
        if "choices" in raw:
            self.unique(
                "choice value",
                (
                    (str(c["value"]), (*path, "choices", n, "value"))
                    for n, c in enumerate(raw["choices"])
                ),
            )
        self.field_bounds(kind, raw, path)
        self.field_messages(raw, path)

    def field_messages(self, raw: dict[str, Any], path: Path) -> None:
        """A custom message goes with its rule: min_message with min, max_message with max,
        refuse_message with refuse_if; a refusal always says why (refuse_message)."""
        pairs = (("min_message", "min"), ("max_message", "max"), ("refuse_message", "refuse_if"))
        for message, rule in pairs:
            if message in raw and rule not in raw:
                self.add("E236", f"'{message}' without '{rule}': the message is never shown",
                         (*path, message), at_key=True)
        if "refuse_if" in raw and "refuse_message" not in raw:
            self.add("E236", "'refuse_if' without 'refuse_message': say in French why the "
                     "answer is refused", (*path, "refuse_if"), at_key=True)

    def field_bounds(self, kind: str, raw: dict[str, Any], path: Path) -> None:
        """A pattern the forms can compile; bounds of the field's own type, in order."""
        pattern = raw.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                self.add(
                    "E227", f"pattern is not a valid regular expression: {exc}", (*path, "pattern")
                )
        lo, hi = raw.get("min_length"), raw.get("max_length")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            self.add("E228", f"min_length {lo} is above max_length {hi}", (*path, "min_length"))
        if kind == "integer":
            for key in ("min", "max"):
                if key in raw and (isinstance(raw[key], bool) or not isinstance(raw[key], int)):
                    self.add(
                        "E228", f"'{key}' of an integer field must be a whole number", (*path, key)
                    )
            lo, hi = raw.get("min"), raw.get("max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                self.add("E228", f"min {lo} is above max {hi}", (*path, "min"))
        # A date field's bounds are parsed, with their errors, by the compiler.
        if "default" in raw:
            self.field_default(kind, raw, path)

    def field_default(self, kind: str, raw: dict[str, Any], path: Path) -> None:
        """A default is an answer: it must be one the field accepts."""
        from engine import reference  # the lists load only for a spec that needs them

        value = raw["default"]
        problem = ""
        if raw.get("from_account"):
            problem = "a field filled from the account takes no default"
        elif kind in ("checkbox", "yesno"):
            problem = "" if isinstance(value, bool) else "must be true or false"
        elif kind == "integer":
            problem = "" if type(value) is int else "must be a whole number"
        elif kind in ("select", "radio"):
            values = [str(c["value"]) for c in raw.get("choices") or []]
            if str(value) not in values:
                problem = f"is not one of its choices{suggest(str(value), values)}"
        elif kind == "reference" and raw.get("list") in ("countries", "nationalities",
                                                          "departements", "pcs", "academies"):
            if not reference.is_valid(raw["list"], str(value)):
                problem = f"is not a code of the list {raw['list']}"
        elif kind in TEXT_TYPES:
            problem = "" if isinstance(value, str) else "must be a text"
        else:
            problem = f"a {kind} field takes no default"
        if problem:
            self.add("E233", f"default {value!r} of field '{raw['code']}': {problem}",
                     (*path, "default"))

    # ------------------------------------------------------------------ units
    def texts(self) -> None:
        texts = self.data.get("texts") or {}
        used = {t.get("text") for t in self.data["tabs"]} | {
            t.get("intro") for t in self.data["tabs"]
        }
        for key in texts:
            if key not in used and key not in ENGINE_TEXT_KEYS:
                self.add("W204", f"text '{key}' is never used", ("texts", key), at_key=True)


def check_semantics(data: dict[str, Any], compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    """Every semantic problem of a schema-valid spec (errors and warnings)."""
    wizard = WizardChecks(data, compiled, marks)
    wizard.tabs()
    wizard.texts()
    units = UnitChecks(data, compiled, marks)
    units.units()
    migrations = MigrationChecks(data, compiled, marks)
    migrations.migrations()
    results = ResultChecks(data, compiled, marks)
    results.results()
    documents = DocumentChecks(data, compiled, marks)
    documents.documents()
    return (
        wizard.out + units.out + migrations.out + results.out + documents.out
        + check_conditions(compiled, marks)
        + same_tab_warnings(compiled, marks)
    )
