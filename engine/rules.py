"""A candidature's units (dispenses, bénéfices, choices) and pieces justificatives, explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from engine import conditions
from engine.conditions import Condition, EvalContext, SessionCalendar

# The result types moved to engine.decisions; `from engine.rules import UnitLine` still works.
from engine.decisions import DELIVERY_LABELS as DELIVERY_LABELS
from engine.decisions import KIND_LABELS as KIND_LABELS
from engine.decisions import MODE_LABELS as MODE_LABELS
from engine.decisions import STATUS_LABELS as STATUS_LABELS
from engine.decisions import Decision as Decision
from engine.decisions import PieceLine as PieceLine
from engine.decisions import Selection as Selection
from engine.decisions import UnitLine as UnitLine
from engine.decisions import UnitStatus as UnitStatus
from engine.spec.model import (
    AcquisRule,
    Exam,
    Piece,
    Speciality,
    Unit,
    UnitMode,
    Variant,
)


def holds(cond: Condition | None, ctx: EvalContext) -> bool:
    """The one evaluator (engine.conditions) behind every rule of the runtime."""
    return cond is None or conditions.evaluate(cond, ctx)


_TYPED_FIELDS: dict[str, dict[str, str]] = {}


def field_code_of_type(exam: Exam, type_: str) -> str | None:
    """The code of the exam's field of a special type (category, speciality, forme: one each)."""
    codes = _TYPED_FIELDS.get(exam.source_hash)
    if codes is None:
        codes = {}
        for f in exam.fields:
            codes.setdefault(f.type, f.code)
        _TYPED_FIELDS[exam.source_hash] = codes
    return codes.get(type_)


def selection(exam: Exam, fields: Mapping[str, Any]) -> Selection:
    cat_code = fields.get(field_code_of_type(exam, "category") or "")
    spe_code = fields.get(field_code_of_type(exam, "speciality") or "")
    forme = fields.get(field_code_of_type(exam, "forme") or "")
    category = next((c for c in exam.categories if c.code == cat_code), None)
    speciality: Speciality | None = None
    variant: Variant | None = None
    for sp in exam.specialities:
        if sp.code == spe_code:
            speciality = sp
        for v in sp.variants:
            if v.code == spe_code:
                speciality, variant = sp, v
    # An exam without specialities (the CFG) takes its common units.
    if speciality is None and not exam.specialities:
        speciality = Speciality(code="", label="", units=exam.common_units)
    return Selection(category, speciality, variant, forme if isinstance(forme, str) else None)


def speciality_units(sel: Selection) -> tuple[Unit, ...]:
    """The selected speciality's units, restricted by its variant (sub-units follow parents)."""
    if sel.speciality is None:
        return ()
    units = sel.speciality.units
    if sel.variant is None:
        return units
    keep = set(sel.variant.units)
    return tuple(u for u in units if u.code in keep or (u.parent is not None and u.parent in keep))


def _short(label: str) -> str:
    """`CAP (certificat d'aptitude professionnelle)` → `CAP`, as reasons print it."""
    return label.split(" (", 1)[0]


def format_grade(grade: float) -> str:
    return f"{grade:g}".replace(".", ",")


def _dispense_decision(
    unit: Unit, rule: AcquisRule, exam: Exam, answers: Mapping[str, Any], ctx: EvalContext
) -> Decision | None:
    if not holds(rule.when, ctx):
        return None
    ref = f"acquis.{rule.code}"
    if rule.diplomas:
        declared = [d for d in answers["acquis"]["diplomas"] if d.get("diploma") in rule.diplomas]
        if not declared:
            return None
        labels = {d.code: d.label for d in exam.diplomas}
        first = declared[0]
        name = _short(labels.get(first["diploma"], first["diploma"]))
        because = f"{name} obtenu en {first['year']}"
    else:
        because = rule.label
    return Decision(unit.code, "dispense", f"{unit.code} dispensée : {because} (règle {ref})", ref,
                    grants=True, renounceable=rule.renounceable)


def _benefice_decisions(
    unit: Unit, rule: AcquisRule, answers: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext,
) -> tuple[Decision | None, list[Decision]]:
    """The bénéfice kept (best valid grade), and the explained refusals of the other grades."""
    if not holds(rule.when, ctx):
        return None, []
    ref = f"acquis.{rule.code}"
    best: tuple[float, int] | None = None
    refusals: list[Decision] = []
    for g in answers["acquis"]["grades"]:
        if g.get("unit") != unit.code:
            continue
        grade, year = float(g["grade"]), int(g["year"])
        if grade < rule.min_grade:
            refusals.append(Decision(unit.code, "inscrit", (
                f"{unit.code} : note de {format_grade(grade)}/20 obtenue en {year} inférieure à "
                f"{format_grade(rule.min_grade)}/20, pas de bénéfice (règle {ref})"), ref))
        elif rule.within_years is not None and year < calendar.year - rule.within_years:
            refusals.append(Decision(unit.code, "inscrit", (
                f"{unit.code} : note de {year} trop ancienne (plus de {rule.within_years} ans "
                f"avant la session), pas de bénéfice (règle {ref})"), ref))
        elif best is None or (grade, year) > best:
            best = (grade, year)
    if best is None:
        return None, refusals
    kept = Decision(unit.code, "benefice", (
        f"{unit.code} : bénéfice de la note {format_grade(best[0])}/20 obtenue en {best[1]} "
        f"conservé (règle {ref})"), ref, grants=True, renounceable=rule.renounceable)
    return kept, refusals


def _renounced(d: Decision) -> Decision:
    what = "bénéfice renoncé" if d.status == "benefice" else "dispense renoncée"
    return Decision(d.unit, "inscrit",
                    f"{d.unit} : {what} par le candidat, épreuve repassée (règle {d.rule})",
                    d.rule, grants=True, renounceable=True, renounced=True)


def _leaf_decisions(
    unit: Unit, exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext, chosen: set[str], group_of: Mapping[str, str],
) -> list[Decision]:
    if unit.optional:
        if unit.code in chosen:
            return [Decision(unit.code, "choisi", f"{unit.code} : épreuve facultative choisie")]
        return [Decision(unit.code, "non_choisi", f"{unit.code} : épreuve facultative non choisie")]
    head: list[Decision] = []
    if unit.code in group_of:
        if unit.code not in chosen:
            return [Decision(unit.code, "non_choisi",
                             f"{unit.code} : non choisie dans « {group_of[unit.code]} »")]
        head.append(Decision(unit.code, "inscrit",
                             f"{unit.code} : choisie dans « {group_of[unit.code]} »"))
    renounced = set(answers["acquis"]["renounced"])
    granted: list[Decision] = []
    notes: list[Decision] = []
    for rule in exam.acquis_rules:
        if unit.code not in rule.units:
            continue
        if rule.type == "dispense":
            d = _dispense_decision(unit, rule, exam, answers, ctx)
            if d:
                granted.append(d)
        else:
            kept, refusals = _benefice_decisions(unit, rule, answers, calendar, ctx)
            notes.extend(refusals)
            if kept:
                granted.append(kept)
    effective = []
    for d in granted:
        if d.renounceable and unit.code in renounced:
            notes.insert(0, _renounced(d))
        else:
            effective.append(d)
    # A dispense outranks a bénéfice: the candidate need not sit the unit at all.
    effective.sort(key=lambda d: 0 if d.status == "dispense" else 1)
    if effective:
        return effective + head + notes
    if notes and notes[0].renounced:
        return notes + head
    base = head or [Decision(unit.code, "inscrit", f"{unit.code} : épreuve obligatoire")]
    return base + notes


def compute_units(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext | None = None,
) -> tuple[UnitLine, ...]:
    """Every unit of the selected speciality (or variant) with its status, mode and reasons.

    `answers` is in the stored form (engine.answers), pruned by the wizard.
    """
    fields = answers["fields"]
    sel = selection(exam, fields)
    units = speciality_units(sel)
    if ctx is None:
        ctx = EvalContext(fields, calendar, declared_diplomas(answers))
    codes = {u.code for u in units}
    chosen = set(answers["units"]["chosen"])
    languages: Mapping[str, str] = answers["units"]["languages"]
    group_of = {c: g.label for g in exam.choice_groups for c in g.units if c in codes}
    group_labels = {g.code: g.label for g in exam.unit_groups}
    children: dict[str, list[Unit]] = {}
    for u in units:
        if u.parent:
            children.setdefault(u.parent, []).append(u)
    leaf: dict[str, list[Decision]] = {}
    for u in units:
        if u.code not in children:
            leaf[u.code] = _leaf_decisions(u, exam, answers, calendar, ctx, chosen, group_of)
    lines: list[UnitLine] = []
    for u in units:
        kids = children.get(u.code, [])
        decisions: tuple[Decision, ...]
        if kids:
            statuses = {leaf[k.code][0].status for k in kids if k.code in leaf}
            status: UnitStatus = statuses.pop() if len(statuses) == 1 else "inscrit"
            coefs = [k.coefficient for k in kids if k.coefficient is not None]
            coefficient = sum(coefs) if coefs else u.coefficient
            decisions = (Decision(u.code, status, f"{u.code} : {STATUS_LABELS[status].lower()} "
                                  f"(sous-épreuves {', '.join(k.code for k in kids)})"),)
        else:
            decisions = tuple(leaf[u.code])
            status = decisions[0].status
            coefficient = u.coefficient
        mode: UnitMode | None = None
        if sel.category is not None:
            mode = u.modes.get(sel.category.code, sel.category.unit_mode)
        lang = languages.get(u.code) if u.languages and status in ("inscrit", "choisi") else None
        if lang:
            first = decisions[0]
            decisions = (replace(first, reason=f"{first.reason} (langue : {lang})"),
                         *decisions[1:])
        lines.append(UnitLine(
            code=u.code, label=u.label, group=u.group,
            group_label=group_labels.get(u.group, u.group),
            kind=u.kind, kind_label=KIND_LABELS.get(u.kind, u.kind), coefficient=coefficient,
            duration=u.duration, mode=mode, optional=u.optional, status=status, language=lang,
            languages=u.languages, parent=u.parent, children=tuple(k.code for k in kids),
            decisions=decisions,
        ))
    return tuple(lines)


def declared_diplomas(answers: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(str(d.get("diploma")) for d in answers["acquis"]["diplomas"])


def unit_statuses(lines: tuple[UnitLine, ...]) -> dict[str, str]:
    """Statuses as conditions name them: a chosen optional unit counts as `inscrit`."""
    return {line.code: "inscrit" if line.status == "choisi" else line.status for line in lines}


def acquis_offers(lines: tuple[UnitLine, ...]) -> tuple[Decision, ...]:
    """Dispenses and bénéfices the rules give (kept or renounced), for the Acquis tab's boxes."""
    return tuple(d for line in lines for d in line.decisions if d.grants)


def required_pieces(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar,
    lines: tuple[UnitLine, ...] | None = None,
) -> tuple[PieceLine, ...]:
    """Pieces whose `required_if` holds, seeing the answers, declared diplomas and unit statuses."""
    if lines is None:
        lines = compute_units(exam, answers, calendar)
    ctx = EvalContext(answers["fields"], calendar, declared_diplomas(answers), unit_statuses(lines))
    out: list[PieceLine] = []
    for p in exam.pieces:
        if not holds(p.required_if, ctx):
            continue
        out.append(PieceLine(
            code=p.code, label=p.label, reason=piece_reason(exam, p, ctx),
            delivery=p.delivery, delivery_label=DELIVERY_LABELS.get(p.delivery, p.delivery),
            formats=p.formats, max_size_mb=p.max_size_mb,
            deadline=piece_deadline(calendar, p),
            help=p.help,
        ))
    return tuple(out)


def piece_deadline(calendar: SessionCalendar, piece: Piece) -> dt.date:
    """The office's deadline for the session when set, else the spec's days after the close."""
    if calendar.pieces_deadline is not None:
        return calendar.pieces_deadline
    return calendar.registration_close + dt.timedelta(days=piece.deadline_days_after_close)


def piece_reason(exam: Exam, piece: Piece, ctx: EvalContext) -> str:
    """Why a required piece is asked for: the atoms of its condition that hold, in French."""
    if piece.required_if is None:
        return "Pièce demandée à tous les candidats."
    atoms = [a for a in _atoms(piece.required_if) if conditions.evaluate(a, ctx)]
    if not atoms:
        return f"Pièce demandée pour votre candidature (règle pieces.{piece.code})."
    labels, values = _labels(exam)
    said = dict.fromkeys(conditions.describe(a, labels, values) for a in atoms)
    return "Pièce demandée : " + " ; ".join(said) + "."


def _atoms(cond: Condition) -> list[Condition]:
    """The leaves under all/any (a negation is not a reason one can name)."""
    if isinstance(cond, conditions.All | conditions.AnyOf):
        return [a for c in cond.items for a in _atoms(c)]
    if isinstance(cond, conditions.Not | conditions.Const):
        return []
    return [cond]


_LABELS: dict[str, tuple[dict[str, str], dict[str, dict[str, str]]]] = {}


def _labels(exam: Exam) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Names of fields, diplomas and units, and of field values, for condition sentences."""
    cached = _LABELS.get(exam.source_hash)
    if cached is not None:
        return cached
    labels = {d.code: _short(d.label) for d in exam.diplomas}
    values: dict[str, dict[str, str]] = {}
    for f in exam.fields:
        labels[f.code] = f.summary_label or f.label
        if f.type == "category":
            values[f.code] = {c.code: c.label for c in exam.categories}
        elif f.type == "speciality":
            values[f.code] = {sp.code: sp.label for sp in exam.specialities}
            values[f.code].update(
                {v.code: v.label for sp in exam.specialities for v in sp.variants})
        elif f.choices:
            values[f.code] = {c.value: c.label for c in f.choices}
    _LABELS[exam.source_hash] = (labels, values)
    return labels, values
