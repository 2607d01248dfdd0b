"""Spec problems as values: SpecError (code, place, message, hint) and where nodes were written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.spec.model import Mark
from engine.spec.results_errors import RESULTS_ERRORS

Path = tuple[str | int, ...]
Severity = Literal["error", "warning"]


def json_path(path: Path) -> str:
    """`('tabs', 3, 'fields')` → `$.tabs[3].fields`."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass
class SourceMap:
    """Line/column of every node of a loaded spec, by its path in the merged document.

    Nodes that came from an included fragment carry the fragment's file name.
    """

    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    default: Mark = field(default_factory=lambda: Mark("<unknown>", 1, 1))

    def value(self, path: Path) -> Mark:
        """Mark of the value at `path`, or of its nearest marked ancestor."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), self.default)

    def key(self, path: Path) -> Mark:
        """Mark of the key naming `path` (for unknown-key errors), else of its value."""
        p = tuple(path)
        if p in self.keys:
            return self.keys[p]
        return self.value(p)


@dataclass(frozen=True, slots=True)
class SpecError:
    code: str  # stable code, e.g. "E203"; "W…" for warnings
    message: str  # French or plain English for spec authors, names what they wrote
    file: str
    line: int
    col: int
    path: str = "$"  # JSON path in the spec, e.g. $.specialities[3].units[1]
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.severity} {self.code} {self.path}: {self.message}"

    def annotation(self) -> str:
        """`file:line:col: error CODE: message`: the line CI systems (GitHub's and GitLab's
        problem matchers, Jenkins' warnings plugin, editors) turn into an annotation."""
        where = f" ({self.path})" if self.path != "$" else ""
        where_written = f"{self.file}:{self.line}:{self.col}"
        return f"{where_written}: {self.severity} {self.code}: {self.message}{where}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


def make_error(
    code: str,
    message: str,
    mark: Mark,
    path: Path,
    hint: str = "",
    severity: Severity | None = None,
) -> SpecError:
    sev: Severity = severity or ("warning" if code.startswith("W") else "error")
    return SpecError(
        code,
        message,
        mark.file,
        mark.line,
        mark.col,
        json_path(path),
        hint or catalogue_hint(code),
        sev,
    )


class SpecLoadError(Exception):
    """Raised when a spec cannot be used; carries every problem found."""

    def __init__(self, errors: list[SpecError]):
        self.errors = sorted(errors, key=lambda e: e.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    title: str
    hint: str


# Every code the spec front end reports: stable, documented in docs/errors.md.
# E0xx reading files, E1xx shape (JSON Schema), E2xx meaning, E3xx conditions
# (engine.conditions), W2xx suspect but legal.
CATALOGUE: dict[str, CatalogueEntry] = {
    "E001": CatalogueEntry(
        "Malformed YAML",
        "Check the indentation and the quotes around this place.",
    ),
    "E002": CatalogueEntry(
        "Tab used for indentation",
        "Indent with spaces only (2 per level).",
    ),
    "E003": CatalogueEntry(
        "File is not UTF-8",
        "Save the file as UTF-8 (Unicode) in your editor.",
    ),
    "E004": CatalogueEntry(
        "Included file not found",
        "Fragments live in exams/common/; check the name.",
    ),
    "E005": CatalogueEntry(
        "Include cycle",
        "A fragment must not include itself, directly or through another.",
    ),
    "E006": CatalogueEntry(
        "Wrong kind of document",
        "A spec is a mapping; a fragment is a mapping or a list.",
    ),
    "E007": CatalogueEntry(
        "Duplicate key",
        "Keep one of the two: YAML would silently drop the first.",
    ),
    "E008": CatalogueEntry(
        "File cannot be read",
        "Check the file name and its permissions.",
    ),
    "E009": CatalogueEntry(
        "Malformed include item",
        "Write the item as `- include: common/file.yaml` alone.",
    ),
    "E101": CatalogueEntry(
        "Unknown key",
        "Check the spelling; docs/spec-language.md lists the keys.",
    ),
    "E102": CatalogueEntry(
        "Wrong type of value",
        "Write the kind of value the key expects.",
    ),
    "E103": CatalogueEntry(
        "Missing key",
        "Add the key: it is required here.",
    ),
    "E104": CatalogueEntry(
        "Value not allowed",
        "Use one of the values listed.",
    ),
    "E105": CatalogueEntry(
        "Malformed code",
        "Codes are lowercase identifiers; unit codes are capitals.",
    ),
    "E106": CatalogueEntry(
        "Value out of range",
        "Use a value within the limits given.",
    ),
    "E108": CatalogueEntry(
        "Invalid value",
        "See docs/spec-language.md for this key.",
    ),
    "E201": CatalogueEntry(
        "Duplicate code",
        "Give each item its own code: stored answers use codes.",
    ),
    "E202": CatalogueEntry(
        "Unknown field",
        "Name a field code written in the spec.",
    ),
    "E203": CatalogueEntry(
        "Unknown unit",
        "Name a unit of the speciality or of common_units.",
    ),
    "E204": CatalogueEntry(
        "Unknown unit group",
        "Name a group of unit_groups, or add it there.",
    ),
    "E205": CatalogueEntry(
        "Unknown category",
        "Name a category of categories.",
    ),
    "E206": CatalogueEntry(
        "Unknown text key",
        "Name a key of texts:, or add the text there.",
    ),
    "E207": CatalogueEntry(
        "Unknown diploma",
        "Name a diploma of acquis.diplomas.",
    ),
    "E208": CatalogueEntry(
        "Wrong field type for this key",
        "Use the key with the field type it applies to.",
    ),
    "E209": CatalogueEntry(
        "Speciality without units",
        "List the speciality's units.",
    ),
    "E210": CatalogueEntry(
        "Variant unit not in its speciality",
        "A variant restricts its speciality: list only the speciality's units.",
    ),
    "E211": CatalogueEntry(
        "Choice group cannot be satisfied",
        "Make 0 ≤ min ≤ max ≤ number of units, max ≥ 1.",
    ),
    "E212": CatalogueEntry(
        "No Enregistrer",
        "Put `save: true` on exactly one tab, before the receipt.",
    ),
    "E213": CatalogueEntry(
        "More than one Enregistrer",
        "Keep `save: true` on one tab only.",
    ),
    "E214": CatalogueEntry(
        "Enregistrer after the receipt",
        "Move `save: true` to a tab before the receipt.",
    ),
    "E215": CatalogueEntry(
        "Receipt tab misplaced",
        "The receipt tab comes last, once.",
    ),
    "E216": CatalogueEntry(
        "Reserved field code",
        "Rename the field: this name is a form attribute.",
    ),
    "E217": CatalogueEntry(
        "Special field used twice",
        "Keep one category, one speciality and one forme field.",
    ),
    "E218": CatalogueEntry(
        "Birth date field missing",
        "Set exam.birth_date_field to a date field written before the condition.",
    ),
    "E219": CatalogueEntry(
        "Field used before it is asked",
        "depends_on names a field of an earlier tab, or earlier on the same tab.",
    ),
    "E220": CatalogueEntry(
        "Tab needs a text",
        "Give the tab a `text:` key naming a text of texts:.",
    ),
    "E221": CatalogueEntry(
        "Reference field without its list",
        "Give the field `list:`.",
    ),
    "E222": CatalogueEntry(
        "Choice field without choices",
        "Give the field `choices:`.",
    ),
    "E223": CatalogueEntry(
        "Unknown parent unit",
        "Name a unit of the same speciality or common_units.",
    ),
    "E224": CatalogueEntry(
        "Special field with nothing to offer",
        "Write the categories: or specialities: the field offers.",
    ),
    "E225": CatalogueEntry(
        "Acquis read before they are declared",
        "Use {acquis: …} in pieces, acquis rules or fields after the acquis tab.",
    ),
    "E226": CatalogueEntry(
        "Unit status read before units are computed",
        "Use {unit: …, status: …} in pieces, or in fields after the units tab.",
    ),
    "E227": CatalogueEntry(
        "Invalid regular expression",
        "Fix the pattern: it is a Python regular expression matched against the whole answer.",
    ),
    "E228": CatalogueEntry(
        "Bad bound",
        "Give min/max of the field's own type (a number, or a date) with min below max.",
    ),
    "E230": CatalogueEntry(
        "Two exams with the same code",
        "Give each exam of the folder its own exam.code: candidatures are stored by it.",
    ),
    "E231": CatalogueEntry(
        "Sessions that end before they start",
        "Write sessions: {from: first year, until: last year} with from not after until.",
    ),
    "E232": CatalogueEntry(
        "Unknown speciality of origin",
        "Name a speciality of the exam, or list the former one under acquis.former_specialities.",
    ),
    "E233": CatalogueEntry(
        "Default the field cannot hold",
        "Give a default of the field's own kind: one of its choices, a code of its list, "
        "true/false, a number or a text.",
    ),
    "E234": CatalogueEntry(
        "Forme progressive limits out of order",
        "Make progressive.min_units at most progressive.max_units.",
    ),
    "E235": CatalogueEntry(
        "Unit with both languages and activities",
        "Keep languages (a language unit) or activities (an EPS unit), not both.",
    ),
    "E236": CatalogueEntry(
        "Message without its rule",
        "Write min_message with min, max_message with max, and refuse_if with its "
        "refuse_message.",
    ),
    "E250": CatalogueEntry(
        "Migration rule of no single form",
        "Write one of choices: (with field:), units: or accept: (with only:) per rule.",
    ),
    "E251": CatalogueEntry(
        "Migration rule naming what the exam lacks",
        "Map old codes to a field, a choice or a unit of the new version of the exam.",
    ),
    "E270": CatalogueEntry(
        "Document template missing",
        "Name an .html file of the exams' common/ folder, e.g. common/documents/convocation.html.",
    ),
    "E271": CatalogueEntry(
        "Document template that does not compile",
        "Fix the Jinja syntax at the template's line named in the message.",
    ),
    # Units taken by some categories only (`categories:` of a unit).
    "E330": CatalogueEntry(
        "Unit taken by an unknown category",
        "Name codes of categories: in the unit's categories.",
    ),
    "E331": CatalogueEntry(
        "Mode for a category that does not take the unit",
        "Remove the mode, or add the category to the unit's categories.",
    ),
    "W202": CatalogueEntry(
        "Choice group with one option",
        "Make the unit compulsory instead.",
    ),
    "W203": CatalogueEntry(
        "Optional unit nobody can choose",
        "List it in a speciality, and give the exam a tab with role units.",
    ),
    "W204": CatalogueEntry(
        "Text never used",
        "Remove the text or refer to it.",
    ),
    "W205": CatalogueEntry(
        "Field never visible",
        "Its visible_if is always false: fix or remove it.",
    ),
    "W206": CatalogueEntry(
        "Intro looks like an unknown text key",
        "Name a key of texts:, or write a sentence.",
    ),
    "W207": CatalogueEntry(
        "Acquis without their tab",
        "Add a tab with role acquis, or remove acquis.diplomas (or the tab).",
    ),
    "W208": CatalogueEntry(
        "No category offered on the portal",
        "Let candidates register themselves in at least one category (self_registration: "
        "true, the default).",
    ),
    "W209": CatalogueEntry(
        "offered_if on a compulsory unit",
        "Remove offered_if, or make the unit optional or part of a choice group.",
    ),
    "W210": CatalogueEntry(
        "Choices decided on their own tab",
        "Ask the field the choices depend on in an earlier tab: a page lists its choices "
        "from the answers saved before it.",
    ),
    "W211": CatalogueEntry(
        "Format listed twice",
        "Write each type once: pdf, jpeg (or jpg), png.",
    ),
}
CATALOGUE.update({code: CatalogueEntry(*entry) for code, entry in RESULTS_ERRORS.items()})


def catalogue_hint(code: str) -> str:
    entry = CATALOGUE.get(code)
    return entry.hint if entry else ""


def full_catalogue() -> dict[str, CatalogueEntry]:
    """Every code a spec check can report: this module's and the condition language's (E3xx)."""
    # Imported here: engine.conditions itself builds its errors with this module.
    from engine.conditions import CONDITION_ERRORS

    merged = dict(CATALOGUE)
    for code, (title, hint) in CONDITION_ERRORS.items():
        merged[code] = CatalogueEntry(title[:1].upper() + title[1:], hint)
    return dict(sorted(merged.items()))
