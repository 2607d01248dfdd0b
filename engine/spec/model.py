"""The compiled, immutable exam: frozen dataclasses built from a checked spec."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from engine.conditions import Condition, RelativeDate
    from engine.spec.model_results import ResultRules

TabRole = Literal["acceptance", "fields", "acquis", "units", "summary", "conditions", "receipt"]
FieldType = Literal[
    "text", "textarea", "integer", "date", "email", "phone", "postal_code",
    "select", "radio", "checkbox", "yesno", "reference", "category", "speciality", "forme",
]
UnitMode = Literal["ponctuel", "ccf"]
UnitKind = Literal["ecrit", "oral", "pratique", "ecrit_oral", "ecrit_pratique"]


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a node was written: file, 1-based line and column."""

    file: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    visible_if: Condition | None = None


@dataclass(frozen=True, slots=True)
class Field:
    code: str
    type: FieldType
    label: str
    tab: str                                  # code of the tab holding the field
    section: str                              # title of its section ("" if none)
    order: int                                # position in the whole wizard
    required: bool | Condition = False
    visible_if: Condition | None = None
    help: str = ""
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    # integer: an int; date: a dt.date or a RelativeDate, as the compiler parses them
    # (str and dict are still read, for fields built by hand).
    min: int | str | dict[str, object] | dt.date | RelativeDate | None = None
    max: int | str | dict[str, object] | dt.date | RelativeDate | None = None
    min_message: str | None = None            # the French message of an answer below min
    max_message: str | None = None            # … and above max
    refuse_if: Condition | None = None        # the answer is refused when this holds
    refuse_message: str = ""                  # … with this French message
    choices: tuple[Choice, ...] = ()
    list: str | None = None                   # reference list name
    depends_on: str | None = None             # field code (communes → département)
    from_account: str | None = None           # read-only, filled from the account
    prefill: str | None = None                # editable, pre-filled from the account
    default: str | int | bool | None = None   # editable initial answer (e.g. FR for a country)
    summary_label: str | None = None
    mark: Mark | None = None
    # The HTML autofill token of the candidate's own data (WCAG 1.3.5): address-line1...
    autocomplete: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    visible_if: Condition | None = None


@dataclass(frozen=True, slots=True)
class Tab:
    code: str
    title: str
    role: TabRole
    sections: tuple[Section, ...] = ()
    visible_if: Condition | None = None
    save: bool = False
    intro: str = ""
    text: str = ""                            # resolved text for acceptance/conditions tabs
    mark: Mark | None = None

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    formes: tuple[str, ...]
    unit_mode: UnitMode
    eligible_if: Condition | None = None
    ineligible_message: str = ""
    self_registration: bool = True            # False: registered by an establishment, not offered
    official_code: str = ""                   # printed after the label: "INDIVIDUEL (520)"

    @property
    def printed_label(self) -> str:
        return f"{self.label} ({self.official_code})" if self.official_code else self.label


@dataclass(frozen=True, slots=True)
class UnitGroup:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    label: str
    group: str
    kind: UnitKind
    coefficient: float | None = None
    duration: str = ""
    optional: bool = False
    parent: str | None = None
    languages: tuple[str, ...] = ()
    modes: dict[str, UnitMode] = field(default_factory=dict)   # category → mode override
    official_code: str = ""                   # the règlement's code, printed (UF1); "" → code
    activities: tuple[Choice, ...] = ()       # the activity picked at registration (EPS)
    offered_if: Condition | None = None       # optional/choice unit: offered only when true
    not_offered_message: str = ""             # why it is not offered, for the candidate
    mark: Mark | None = None
    # Only candidates of these categories take the unit (the CFG's socle components are the
    # scolaires'); () = every category.
    categories: tuple[str, ...] = ()

    def taken_by(self, category: str | None) -> bool:
        """Whether a candidate of `category` (None: not chosen yet) takes this unit."""
        return not self.categories or category in self.categories

    @property
    def printed_code(self) -> str:
        return self.official_code or self.code


@dataclass(frozen=True, slots=True)
class SessionWindow:
    """The sessions a speciality or variant is offered at: years (first, last) and months."""

    first_year: int | None = None
    last_year: int | None = None
    months: tuple[int, ...] = ()              # months the session starts in; () = any

    def admits(self, year: int, month: int) -> bool:
        if self.first_year is not None and year < self.first_year:
            return False
        if self.last_year is not None and year > self.last_year:
            return False
        return not self.months or month in self.months


@dataclass(frozen=True, slots=True)
class Variant:
    code: str
    label: str
    units: tuple[str, ...]                    # subset of the speciality's unit codes
    sessions: SessionWindow | None = None
    results: ResultRules | None = None        # the speciality's results rules with the variant's


@dataclass(frozen=True, slots=True)
class Speciality:
    code: str
    label: str
    units: tuple[Unit, ...]                   # own units and referenced common units, in order
    variants: tuple[Variant, ...] = ()
    eligible_if: Condition | None = None
    sessions: SessionWindow | None = None
    results: ResultRules | None = None        # the exam's results rules with this speciality's


@dataclass(frozen=True, slots=True)
class ChoiceGroup:
    code: str
    label: str
    units: tuple[str, ...]
    min: int = 0
    max: int = 1


@dataclass(frozen=True, slots=True)
class Diploma:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Correspondence:
    """A grade of `unit` in a former (or other) `speciality` counts for unit `counts_for`."""

    speciality: str
    unit: str
    counts_for: str


@dataclass(frozen=True, slots=True)
class FormerSpeciality:
    """A speciality a grade may come from that is not offered any more (for correspondences)."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class AcquisRule:
    code: str
    type: Literal["dispense", "benefice"]
    label: str
    units: tuple[str, ...]
    diplomas: tuple[str, ...] = ()            # dispense: declared diplomas that trigger it
    min_grade: float = 10.0                   # benefice
    within_years: int | None = None           # benefice: grade obtained within N years
    renounceable: bool = True
    when: Condition | None = None
    reason: str = ""                          # candidate-facing wording of the decision
    same_speciality: bool = False             # benefice: grade of the same speciality only
    correspondences: tuple[Correspondence, ...] = ()


# The file types a piece may take: the spec names each by its canonical type or an alias.
FORMAT_ALIASES: dict[str, str] = {"pdf": "pdf", "jpeg": "jpeg", "jpg": "jpeg", "png": "png"}


def canonical_formats(names: object) -> tuple[str, ...]:
    """`[pdf, jpg, jpeg]` → `("pdf", "jpeg")`: each type once, in the order first written."""
    items = names if isinstance(names, list | tuple) else []
    return tuple(dict.fromkeys(FORMAT_ALIASES.get(str(n), str(n)) for n in items))


@dataclass(frozen=True, slots=True)
class Piece:
    code: str
    label: str
    delivery: Literal["upload", "post"] = "upload"
    formats: tuple[str, ...] = ("pdf",)
    max_size_mb: int = 5
    deadline_days_after_close: int = 0
    required_if: Condition | None = None
    help: str = ""
    reason: str = ""                          # candidate-facing: why the piece is asked for


@dataclass(frozen=True, slots=True)
class Progressive:
    """Forme progressive: how many of the units still to take the candidate presents per session."""

    min_units: int = 1
    max_units: int | None = None


# The breaking changes a migration rule may accept (engine.spec.changes names each kind).
AcceptedChange = Literal[
    "field_removed", "field_type", "choice_removed", "category_removed", "category_mode",
    "forme_removed", "speciality_removed", "variant_removed", "unit_removed", "unit_kind",
    "coefficient", "mode", "language_removed", "acquis_removed",
]


@dataclass(frozen=True, slots=True)
class Migration:
    """How candidatures saved under an earlier version of the spec carry over to this one.

    `choices` (with `field`) and `units` map old codes to new ones: the saved answers are
    rewritten. `accept` declares breaking changes of those kinds accepted as they are
    (restricted to the codes of `only`), for candidatures of sessions from `sessions_from`.
    """

    field: str | None = None
    choices: tuple[tuple[str, str], ...] = ()   # old value → new value of `field`
    units: tuple[tuple[str, str], ...] = ()     # old unit code → new unit code
    accept: tuple[AcceptedChange, ...] = ()
    only: tuple[str, ...] = ()                  # codes the acceptance is limited to
    from_version: str | None = None             # only from this earlier version
    sessions_from: int | None = None            # only for sessions of this year or later
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Exam:
    code: str
    label: str
    short_label: str
    domain: Literal["examen", "concours"]
    version: str
    source_hash: str                          # hash of the spec and its fragments
    path: str
    birth_date_field: str | None
    texts: dict[str, str]
    tabs: tuple[Tab, ...]
    categories: tuple[Category, ...]
    unit_groups: tuple[UnitGroup, ...]
    common_units: tuple[Unit, ...]
    specialities: tuple[Speciality, ...]
    choice_groups: tuple[ChoiceGroup, ...]
    diplomas: tuple[Diploma, ...]
    acquis_rules: tuple[AcquisRule, ...]
    pieces: tuple[Piece, ...]
    return_days_after_close: int = 0          # the confirmation's return date (pieces_defaults)
    progressive: Progressive = field(default_factory=Progressive)
    former_specialities: tuple[FormerSpeciality, ...] = ()
    migrations: tuple[Migration, ...] = ()
    results: ResultRules | None = None        # the exam-level `results:` (specialities override)
    # Documents the exam office publishes: kind → template path under the exams folder
    # ("convocation" → "common/documents/convocation.html").
    documents: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for t in self.tabs for f in t.fields)
