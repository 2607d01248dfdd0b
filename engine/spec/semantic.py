"""Second pass over a spec: unique codes, references, wizard structure (beyond a schema)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.errors import Path, SourceMap, SpecError, make_error
from engine.spec.compile import Compiled
from engine.spec.semantic_conditions import check_conditions
from engine.spec.shape import suggest

# Attributes and methods of a WTForms/Flask-WTF form: a field named so would shadow them.
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


class _Checks:
    def __init__(self, data: dict[str, Any], compiled: Compiled, marks: SourceMap):
        self.data = data
        self.compiled = compiled
        self.marks = marks
        self.out: list[SpecError] = []

    def add(
        self, code: str, message: str, path: Path, hint: str = "", at_key: bool = False
    ) -> None:
        mark = self.marks.key(path) if at_key else self.marks.value(path)
        self.out.append(make_error(code, message, mark, path, hint))

    def where(self, path: Path, seen_from: Path) -> str:
        """`line 12`, or `common/x.yaml:12` when the first place is in another file."""
        m = self.marks.value(path)
        same = m.file == self.marks.value(seen_from).file
        return f"line {m.line}" if same else f"{m.file}:{m.line}"

    def unique(self, what: str, items: Iterable[tuple[str, Path]]) -> None:
        """E201 on every repeat of a code, pointing back at the first."""
        seen: dict[str, Path] = {}
        for code, path in items:
            if code in seen:
                self.add(
                    "E201",
                    f"duplicate {what} '{code}' (first at {self.where(seen[code], path)})",
                    path,
                )
            else:
                seen[code] = path

    def unknown(
        self, code: str, what: str, known: Iterable[str], path: Path, extra: str = ""
    ) -> None:
        name = str(path_value(self.data, path))
        self.add(code, f"unknown {what} '{name}'{suggest(name, known)}{extra}", path)

    # ------------------------------------------------------------------ wizard

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
        offered = {"category": "categories", "speciality": "specialities"}
        for kind, key in offered.items():
            if kind in first_special and not self.data.get(key):
                path = self.compiled.field_paths[first_special[kind]][0]
                self.add(
                    "E224",
                    f"field '{first_special[kind]}' offers the exam's {key}, but "
                    f"the spec has no {key}:",
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

    # ------------------------------------------------------------------ units

    def units(self) -> None:
        data = self.data
        groups = [g["code"] for g in data.get("unit_groups") or []]
        self.unique(
            "unit group code",
            (
                (g["code"], ("unit_groups", i, "code"))
                for i, g in enumerate(data.get("unit_groups") or [])
            ),
        )
        categories = [c["code"] for c in data.get("categories") or []]
        self.unique(
            "category code",
            (
                (c["code"], ("categories", i, "code"))
                for i, c in enumerate(data.get("categories") or [])
            ),
        )
        common = {
            str(u["code"]): ("common_units", i)
            for i, u in enumerate(data.get("common_units") or [])
        }
        self.unique(
            "unit code",
            (
                (str(u["code"]), ("common_units", i, "code"))
                for i, u in enumerate(data.get("common_units") or [])
            ),
        )
        inline: list[tuple[dict[str, Any], Path, set[str]]] = [
            (u, ("common_units", i), set(common))
            for i, u in enumerate(data.get("common_units") or [])
        ]
        all_units = set(common)
        chosen_anywhere: set[str] = set()
        specs = data.get("specialities") or []
        spec_codes: list[tuple[str, Path]] = []
        for i, s in enumerate(specs):
            path: Path = ("specialities", i)
            spec_codes.append((s["code"], (*path, "code")))
            own: list[tuple[str, Path]] = []
            for j, u in enumerate(s["units"]):
                upath: Path = (*path, "units", j)
                if isinstance(u, dict):
                    own.append((str(u["code"]), (*upath, "code")))
                else:
                    own.append((str(u), upath))
                    if str(u) not in common:
                        self.unknown(
                            "E203",
                            "unit",
                            common,
                            upath,
                            ": a unit named by its code must be in common_units",
                        )
            codes = {c for c, _ in own}
            all_units |= codes
            chosen_anywhere |= codes
            for j, u in enumerate(s["units"]):
                if isinstance(u, dict):
                    inline.append((u, (*path, "units", j), codes | set(common)))
            self.unique("unit code", own)
            if not s["units"]:
                self.add("E209", f"speciality '{s['code']}' has no units", (*path, "units"))
            for k, v in enumerate(s.get("variants") or []):
                spec_codes.append((v["code"], (*path, "variants", k, "code")))
                for n, code in enumerate(v["units"]):
                    if str(code) not in codes:
                        self.add(
                            "E210",
                            f"unit '{code}' of variant '{v['code']}' is not a unit of "
                            f"speciality '{s['code']}'{suggest(str(code), codes)}",
                            (*path, "variants", k, "units", n),
                        )
        self.unique("speciality or variant code", spec_codes)
        for u, upath, siblings in inline:
            if u["group"] not in groups:
                self.unknown("E204", "unit group", groups, (*upath, "group"))
            if "parent" in u and str(u["parent"]) not in siblings:
                self.unknown("E223", "parent unit", siblings, (*upath, "parent"))
            for cat in u.get("modes") or {}:
                if cat not in categories:
                    self.add(
                        "E205",
                        f"unknown category '{cat}' in modes{suggest(cat, categories)}",
                        (*upath, "modes", cat),
                        at_key=True,
                    )
        self.choice_groups(all_units)
        self.optional_units(common, chosen_anywhere, bool(specs))
        self.acquis(all_units)

    def choice_groups(self, all_units: set[str]) -> None:
        groups = self.data.get("choice_groups") or []
        self.unique(
            "choice group code",
            ((g["code"], ("choice_groups", i, "code")) for i, g in enumerate(groups)),
        )
        for i, g in enumerate(groups):
            path: Path = ("choice_groups", i)
            for n, code in enumerate(g["units"]):
                if str(code) not in all_units:
                    self.unknown("E203", "unit", all_units, (*path, "units", n))
            count, lo, hi = len(g["units"]), g.get("min", 0), g.get("max", 1)
            if hi < 1:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' has max {hi}: nothing can be chosen",
                    (*path, "max"),
                )
            elif lo > hi:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' has min {lo} above max {hi}",
                    (*path, "min"),
                )
            elif lo > count:
                self.add(
                    "E211",
                    f"choice group '{g['code']}' asks for at least {lo} units among {count}",
                    (*path, "min"),
                )
            if count == 1:
                self.add(
                    "W202",
                    f"choice group '{g['code']}' offers a single unit '{g['units'][0]}'",
                    (*path, "units"),
                )

    def optional_units(self, common: dict[str, Path], chosen: set[str], has_specs: bool) -> None:
        roles = {t["role"] for t in self.data["tabs"]}
        for code, path in common.items():
            raw = path_value(self.data, path)
            if not raw.get("optional"):
                continue
            if has_specs and code not in chosen:
                self.add(
                    "W203",
                    f"optional unit '{code}' is in no speciality: nobody can choose it",
                    (*path, "optional"),
                )
            elif "units" not in roles:
                self.add(
                    "W203",
                    f"optional unit '{code}' cannot be chosen: no tab has role units",
                    (*path, "optional"),
                )

    def acquis(self, all_units: set[str]) -> None:
        raw = self.data.get("acquis") or {}
        diplomas = [d["code"] for d in raw.get("diplomas") or []]
        self.unique(
            "diploma code",
            (
                (d["code"], ("acquis", "diplomas", i, "code"))
                for i, d in enumerate(raw.get("diplomas") or [])
            ),
        )
        rules = raw.get("rules") or []
        self.unique(
            "acquis rule code",
            ((r["code"], ("acquis", "rules", i, "code")) for i, r in enumerate(rules)),
        )
        for i, r in enumerate(rules):
            path: Path = ("acquis", "rules", i)
            for n, code in enumerate(r["units"]):
                if str(code) not in all_units:
                    self.unknown("E203", "unit", all_units, (*path, "units", n))
            for n, code in enumerate(r.get("diplomas") or []):
                if code not in diplomas:
                    self.unknown("E207", "diploma", diplomas, (*path, "diplomas", n))
        pieces = self.data.get("pieces") or []
        self.unique(
            "piece code", ((p["code"], ("pieces", i, "code")) for i, p in enumerate(pieces))
        )

    def texts(self) -> None:
        texts = self.data.get("texts") or {}
        used = {t.get("text") for t in self.data["tabs"]} | {
            t.get("intro") for t in self.data["tabs"]
        }
        for key in texts:
            if key not in used and key not in ENGINE_TEXT_KEYS:
                self.add("W204", f"text '{key}' is never used", ("texts", key), at_key=True)


def path_value(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def check_semantics(data: dict[str, Any], compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    """Every semantic problem of a schema-valid spec (errors and warnings)."""
    checks = _Checks(data, compiled, marks)
    checks.tabs()
    checks.units()
    checks.texts()
    return checks.out + check_conditions(compiled, marks)
