"""What the rules decide for a candidature: its unit lines, pieces and their French labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from engine.spec.model import Category, Speciality, UnitMode, Variant

UnitStatus = Literal["inscrit", "dispense", "benefice", "non_choisi", "choisi", "non_presente"]

STATUS_LABELS: dict[str, str] = {
    "inscrit": "Inscrit",
    "dispense": "Dispensé",
    "benefice": "Bénéfice conservé",
    "non_choisi": "Non choisi",
    "choisi": "Choisi",
    "non_presente": "Non présenté à cette session",
}
MODE_LABELS: dict[str, str] = {"ponctuel": "Ponctuel", "ccf": "CCF"}
KIND_LABELS: dict[str, str] = {
    "ecrit": "Écrit",
    "oral": "Oral",
    "pratique": "Pratique",
    "ecrit_oral": "Écrit et oral",
    "ecrit_pratique": "Écrit et pratique",
}
DELIVERY_LABELS: dict[str, str] = {"upload": "Dépôt en ligne", "post": "Envoi par courrier"}


@dataclass(frozen=True, slots=True)
class Decision:
    """One explained decision about a unit, in French.

    `reason` is written for the candidate (Acquis, Épreuves, Récapitulatif, the PDF): no
    internal code. `detail` is the back office's sentence, naming the unit and the rule.
    """

    unit: str
    status: UnitStatus
    reason: str
    rule: str = ""                 # "acquis.notes_conservees"; "" when no acquis rule decided
    grants: bool = False           # a dispense or bénéfice the rules give (Acquis tab shows it)
    renounceable: bool = False     # the candidate may untick it
    renounced: bool = False        # the candidate unticked it: the unit is taken
    detail: str = ""               # for the back office: "EG1 dispensée : … (règle acquis.x)"
    # A bénéfice: the kept grade (out of 20) and its year, for engine.results; left out of
    # equality, since the reason already says them.
    grade: float | None = field(default=None, compare=False)
    grade_year: int | None = field(default=None, compare=False)

    @property
    def explanation(self) -> str:
        """The back office's sentence (the candidate's when no detail was written)."""
        return self.detail or self.reason


@dataclass(frozen=True, slots=True)
class UnitLine:
    code: str
    label: str
    group: str
    group_label: str
    kind: str
    kind_label: str
    coefficient: float | None
    duration: str
    mode: UnitMode | None
    optional: bool
    status: UnitStatus
    language: str | None           # the language chosen, for units with `languages`
    languages: tuple[str, ...]
    parent: str | None
    children: tuple[str, ...]      # codes of sub-units (a parent's coefficient is their sum)
    decisions: tuple[Decision, ...]  # the deciding one first
    official_code: str = ""        # the règlement's code as printed (UF1); "" → code
    # What `languages` holds: languages ("langue") or the unit's activities ("activite",
    # EPS), with the activities' labels (value, label).
    pick_kind: str = "langue"
    pick_labels: tuple[tuple[str, str], ...] = ()

    @property
    def language_label(self) -> str | None:
        """The pick as the candidate reads it: the language, or the activity's label."""
        if self.language is None:
            return None
        return dict(self.pick_labels).get(self.language, self.language)

    def pick_label(self, value: str) -> str:
        return dict(self.pick_labels).get(value, value)

    @property
    def pick_question(self) -> str:
        """The question of the language (or activity) select, named by the unit's title; an
        optional unit says so (a compulsory and an optional unit may share a title)."""
        what = "Activité" if self.pick_kind == "activite" else "Langue"
        optional = self.optional and "facultati" not in self.label.lower()
        return f"{what} de l'épreuve{' facultative' if optional else ''} « {self.label} »"

    @property
    def printed_code(self) -> str:
        return self.official_code or self.code

    @property
    def is_group(self) -> bool:
        """A group line (E1 of E11 and E12): its sub-units carry the statuses."""
        return bool(self.children)

    @property
    def status_label(self) -> str:
        return "" if self.is_group else STATUS_LABELS[self.status]

    @property
    def mode_label(self) -> str:
        return "" if self.is_group else MODE_LABELS.get(self.mode or "", "")

    @property
    def reason(self) -> str:
        return self.decisions[0].reason if self.decisions else ""

    @property
    def taken(self) -> bool:
        """The candidate sits this unit at this session."""
        return self.status in ("inscrit", "choisi")

    @property
    def detail(self) -> str:
        """The deciding decision's back-office sentence."""
        return self.decisions[0].explanation if self.decisions else ""


@dataclass(frozen=True, slots=True)
class PieceLine:
    """A piece justificative required; `reason` for the candidate, `detail` for the office."""

    code: str
    label: str
    reason: str
    delivery: str
    delivery_label: str
    formats: tuple[str, ...]
    max_size_mb: int
    deadline: dt.date
    help: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Selection:
    """What the answers select: category, speciality and variant (None when not answered)."""

    category: Category | None
    speciality: Speciality | None
    variant: Variant | None
    forme: str | None
