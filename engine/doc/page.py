"""What an exam's documentation page says, in French: built from the compiled Exam alone.

Every condition is a French sentence (engine.conditions.describe); codes appear only next
to what they name, for reviewers who compare the page with the spec.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.conditions import Compare, Condition, RelativeDate, describe
from engine.confirmation.french import MONTHS
from engine.decisions import DELIVERY_LABELS, KIND_LABELS, MODE_LABELS
from engine.results.describe import results_overview
from engine.rules import condition_labels
from engine.spec.model import AcquisRule, Category, Exam, Field, Piece, SessionWindow, Unit

TYPE_LABELS = {
    "text": "Texte",
    "textarea": "Texte long",
    "integer": "Nombre entier",
    "date": "Date (JJ/MM/AAAA)",
    "email": "Adresse électronique",
    "phone": "Téléphone",
    "postal_code": "Code postal",
    "select": "Liste de choix",
    "radio": "Choix unique",
    "checkbox": "Case à cocher",
    "yesno": "Oui ou non",
    "reference": "Liste de référence",
    "category": "Catégorie de candidat",
    "speciality": "Spécialité",
    "forme": "Forme de passage",
}
LIST_LABELS = {
    "countries": "pays",
    "nationalities": "nationalités",
    "departements": "départements",
    "communes": "communes",
    "pcs": "catégories socio-professionnelles",
    "academies": "académies",
    "etablissements": "établissements",
}
FORME_LABELS = {"globale": "Globale", "progressive": "Progressive"}
RULE_LABELS = {"dispense": "Dispense", "benefice": "Bénéfice de notes"}


@dataclass(frozen=True)
class FieldRow:
    label: str
    code: str
    kind: str
    required: str
    shown: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SectionView:
    title: str
    shown: str
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True)
class TabView:
    number: int
    code: str
    title: str
    role: str
    shown: str
    intro: str
    text: str
    sections: tuple[SectionView, ...]


@dataclass(frozen=True)
class UnitRow:
    code: str
    label: str
    group: str
    kind: str
    coefficient: str
    duration: str
    optional: str
    languages: str
    modes: str
    sub: bool


@dataclass(frozen=True)
class SpecialityView:
    code: str
    label: str
    conditions: tuple[str, ...]
    units: tuple[UnitRow, ...]
    variants: tuple[tuple[str, str, str], ...]  # (label, units, sessions)


@dataclass(frozen=True)
class Page:
    exam: Exam
    source: str
    tabs: tuple[TabView, ...]
    categories: tuple[tuple[str, ...], ...]  # label, formes, mode, eligibility, portal
    specialities: tuple[SpecialityView, ...]
    choice_groups: tuple[tuple[str, str], ...]
    progressive: str
    diplomas: tuple[str, ...]
    rules: tuple[tuple[str, ...], ...]  # label, type, units, terms, renounceable
    pieces: tuple[tuple[str, ...], ...]  # label, required, delivery, formats, size, deadline
    piece_notes: tuple[tuple[str, str], ...] = field(default=())
    results: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # title, sentences


class PageBuilder:
    def __init__(self, exam: Exam) -> None:
        self.exam = exam
        self.labels, self.values = condition_labels(exam)
        self.groups = {g.code: g.label for g in exam.unit_groups}

    def sentence(self, cond: Condition | None, always: str = "") -> str:
        return always if cond is None else describe(cond, self.labels, self.values)

    # ------------------------------------------------------------------ tabs and fields

    def bound(self, f: Field, op: str, value: object) -> str:
        if isinstance(value, int | float | dt.date | RelativeDate) and not isinstance(value, bool):
            return describe(Compare(f.code, op, value), {f.code: f.label})  # type: ignore[arg-type]
        return f"{'minimum' if op == 'ge' else 'maximum'} {value}"

    def notes(self, f: Field) -> tuple[str, ...]:
        out = []
        if f.help:
            out.append(f.help)
        if f.choices:
            out.append(
                "Choix : "
                + " ; ".join(
                    c.label + (f" (si {self.sentence(c.visible_if)})" if c.visible_if else "")
                    for c in f.choices
                )
            )
        if f.list:
            out.append(f"Liste des {LIST_LABELS.get(f.list, f.list)}")
        if f.from_account:
            out.append("Repris du compte du candidat, non modifiable ici")
        elif f.prefill:
            out.append("Prérempli depuis le compte du candidat")
        for op, value, message in (("ge", f.min, f.min_message), ("le", f.max, f.max_message)):
            if value is not None:
                out.append(self.bound(f, op, value) + (f" : « {message} »" if message else ""))
        if f.min_length is not None:
            out.append(f"Au moins {f.min_length} caractères")
        if f.max_length is not None:
            out.append(f"Au plus {f.max_length} caractères")
        if f.pattern_message:
            out.append(f.pattern_message)
        if f.refuse_if is not None:
            out.append(f"Refusé si {self.sentence(f.refuse_if)} : « {f.refuse_message} »")
        return tuple(out)

    def field_row(self, f: Field) -> FieldRow:
        if f.required is True:
            required = "Oui"
        elif f.required is False:
            required = "Non"
        else:
            required = f"Si {self.sentence(f.required)}"
        return FieldRow(
            f.label,
            f.code,
            TYPE_LABELS.get(f.type, f.type),
            required,
            self.sentence(f.visible_if, "Toujours"),
            self.notes(f),
        )

    def tabs(self) -> tuple[TabView, ...]:
        return tuple(
            TabView(
                n,
                t.code,
                t.title,
                t.role,
                self.sentence(t.visible_if, "Toujours"),
                self.exam.texts.get(t.intro, t.intro),
                t.text,
                tuple(
                    SectionView(
                        s.title,
                        self.sentence(s.visible_if, "Toujours"),
                        tuple(self.field_row(f) for f in s.fields),
                    )
                    for s in t.sections
                ),
            )
            for n, t in enumerate(self.exam.tabs, 1)
        )

    # ------------------------------------------------------------------ categories, units

    def category(self, c: Category) -> tuple[str, ...]:
        eligible = self.sentence(c.eligible_if, "Toujours")
        if c.ineligible_message:
            eligible += f". Sinon : « {c.ineligible_message} »"
        return (
            c.printed_label,
            ", ".join(FORME_LABELS.get(f, f) for f in c.formes),
            MODE_LABELS.get(c.unit_mode, c.unit_mode),
            eligible,
            "Oui" if c.self_registration else "Non (inscrit par son établissement)",
        )

    def unit_row(self, u: Unit, units: tuple[Unit, ...]) -> UnitRow:
        coef = "" if u.coefficient is None else f"{u.coefficient:g}".replace(".", ",")
        children = [c.coefficient for c in units if c.parent == u.code and c.coefficient]
        if not coef and children:
            coef = f"{sum(children):g}".replace(".", ",")
        optional = "Oui" if u.optional else "Non"
        if u.offered_if is not None:
            optional += f", proposée si {self.sentence(u.offered_if)}"
        labels = {c.code: c.label for c in self.exam.categories}
        modes = "; ".join(
            f"{labels.get(cat, cat)} : {MODE_LABELS.get(m, m)}" for cat, m in u.modes.items()
        )
        if u.categories:
            only = ", ".join(labels.get(c, c) for c in u.categories)
            modes = "; ".join(filter(None, (f"Candidats {only} seulement", modes)))
        languages = ", ".join(u.languages) or ", ".join(a.label for a in u.activities)
        return UnitRow(
            u.printed_code,
            u.label,
            self.groups.get(u.group, u.group),
            KIND_LABELS.get(u.kind, u.kind),
            coef,
            u.duration,
            optional,
            languages,
            modes,
            u.parent is not None,
        )

    def specialities(self) -> tuple[SpecialityView, ...]:
        out = []
        if self.exam.common_units and not self.exam.specialities:
            units = self.exam.common_units
            out.append(
                SpecialityView("", "", (), tuple(self.unit_row(u, units) for u in units), ())
            )
        for s in self.exam.specialities:
            conditions = []
            if s.eligible_if is not None:
                conditions.append(f"Proposée si {self.sentence(s.eligible_if)}")
            if s.sessions is not None:
                conditions.append(f"Sessions : {sessions_text(s.sessions)}")
            out.append(
                SpecialityView(
                    s.code,
                    s.label,
                    tuple(conditions),
                    tuple(self.unit_row(u, s.units) for u in s.units),
                    tuple(
                        (
                            v.label,
                            ", ".join(v.units),
                            sessions_text(v.sessions) if v.sessions else "",
                        )
                        for v in s.variants
                    ),
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------ acquis, pieces

    def rule(self, r: AcquisRule) -> tuple[str, ...]:
        if r.type == "dispense" and r.diplomas:
            names = [self.labels.get(d, d) for d in r.diplomas]
            terms = "Diplôme déclaré parmi : " + " ; ".join(names)
        else:
            terms = f"Note au moins égale à {r.min_grade:g}".replace(".", ",") + " sur 20"
            if r.within_years:
                terms += f", obtenue dans les {r.within_years} ans"
            if r.same_speciality:
                terms += ", dans la même spécialité"
        if r.when is not None:
            terms += f" ; si {self.sentence(r.when)}"
        for c in r.correspondences:
            terms += f" ; {c.unit} de {c.speciality} vaut {c.counts_for}"
        return (
            r.label,
            RULE_LABELS.get(r.type, r.type),
            ", ".join(r.units),
            terms,
            "Oui" if r.renounceable else "Non",
        )

    def piece(self, p: Piece) -> tuple[str, ...]:
        deadline = (
            f"{p.deadline_days_after_close} jours après la clôture"
            if p.deadline_days_after_close
            else "À la clôture des inscriptions"
        )
        required = "Toujours" if p.required_if is None else f"Si {self.sentence(p.required_if)}"
        return (
            p.label,
            required,
            DELIVERY_LABELS.get(p.delivery, p.delivery),
            ", ".join(f.upper() for f in p.formats),
            f"{p.max_size_mb} Mo",
            deadline,
        )

    def page(self, source: str) -> Page:
        e = self.exam
        progressive = ""
        if any("progressive" in c.formes for c in e.categories):
            most = (
                f"au plus {e.progressive.max_units}" if e.progressive.max_units else "sans maximum"
            )
            progressive = (
                f"En forme progressive, le candidat présente au moins "
                f"{e.progressive.min_units} épreuve(s) par session, {most}."
            )
        return Page(
            exam=e,
            source=source,
            tabs=self.tabs(),
            categories=tuple(self.category(c) for c in e.categories),
            specialities=self.specialities(),
            choice_groups=tuple(
                (g.label, f"Entre {g.min} et {g.max} parmi {', '.join(g.units)}")
                for g in e.choice_groups
            ),
            progressive=progressive,
            diplomas=tuple(d.label for d in e.diplomas),
            rules=tuple(self.rule(r) for r in e.acquis_rules),
            pieces=tuple(self.piece(p) for p in e.pieces),
            piece_notes=tuple(
                (p.label, " ".join(x for x in (p.help, p.reason) if x))
                for p in e.pieces
                if p.help or p.reason
            ),
            results=results_overview(e),
        )


def sessions_text(window: SessionWindow) -> str:
    parts = []
    if window.first_year is not None:
        parts.append(f"à partir de {window.first_year}")
    if window.last_year is not None:
        parts.append(f"jusqu'en {window.last_year}")
    if window.months:
        parts.append("commençant en " + ", ".join(MONTHS[m - 1] for m in window.months))
    return ", ".join(parts)


def build_page(exam: Exam, source: str) -> Page:
    return PageBuilder(exam).page(source)
