"""A candidature's units (dispenses, bénéfices, choices) and pieces justificatives, explained."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from engine import conditions
from engine.acquis import acquis_decisions, short_label, valid_acquis
from engine.acquis import format_grade as format_grade
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
    Exam,
    Piece,
    Speciality,
    Unit,
    UnitMode,
    Variant,
)

MSG_NOT_OFFERED_UNIT = "Épreuve facultative non proposée pour votre candidature"


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


def _answer_of_type(exam: Exam, fields: Mapping[str, Any], type_: str) -> Any:
    code = field_code_of_type(exam, type_)
    return None if code is None else fields.get(code)


def selection(exam: Exam, fields: Mapping[str, Any]) -> Selection:
    cat_code = _answer_of_type(exam, fields, "category")
    spe_code = _answer_of_type(exam, fields, "speciality")
    forme = _answer_of_type(exam, fields, "forme")
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
    """The selected speciality's units, restricted by its variant and to the units of the
    candidate's category (`categories:`; sub-units follow parents)."""
    if sel.speciality is None:
        return ()
    units = sel.speciality.units
    category = sel.category.code if sel.category is not None else None
    if any(u.categories for u in units):
        dropped = {u.code for u in units if not u.taken_by(category)}
        units = tuple(u for u in units if u.code not in dropped and u.parent not in dropped)
    if sel.variant is None:
        return units
    keep = set(sel.variant.units)
    return tuple(u for u in units if u.code in keep or (u.parent is not None and u.parent in keep))


def _leaf_decisions(
    unit: Unit, exam: Exam, acquis: Mapping[str, Any], calendar: SessionCalendar,
    ctx: EvalContext, chosen: set[str], group_of: Mapping[str, str], speciality: str,
    forme: str | None,
) -> list[Decision]:
    if unit.optional:
        if not holds(unit.offered_if, ctx):
            why = unit.not_offered_message or MSG_NOT_OFFERED_UNIT
            return [Decision(unit.code, "non_choisi", why,
                             detail=f"{unit.code} : non proposée (offered_if)")]
        if unit.code in chosen:
            return [Decision(unit.code, "choisi", "Épreuve facultative choisie",
                             detail=f"{unit.code} : épreuve facultative choisie")]
        return [Decision(unit.code, "non_choisi", "Épreuve facultative non choisie",
                         detail=f"{unit.code} : épreuve facultative non choisie")]
    head: list[Decision] = []
    if unit.code in group_of:
        group = group_of[unit.code]
        if unit.code not in chosen or not holds(unit.offered_if, ctx):
            return [Decision(unit.code, "non_choisi", f"Non choisie dans « {group} »",
                             detail=f"{unit.code} : non choisie dans « {group} »")]
        head.append(Decision(unit.code, "inscrit", f"Choisie dans « {group} »",
                             detail=f"{unit.code} : choisie dans « {group} »"))
    effective, notes = acquis_decisions(unit, exam, acquis, calendar, ctx, speciality)
    if effective:
        return effective + head + notes
    if not head and forme == "progressive" and unit.code not in chosen:
        # Forme progressive: the candidate names the units taken at this session.
        return [Decision(unit.code, "non_presente", "Non présentée à cette session (forme "
                         "progressive)", detail=f"{unit.code} : non présentée à cette session "
                         "(forme progressive)"), *notes]
    if notes and notes[0].renounced:
        return notes + head
    base = head or [Decision(unit.code, "inscrit", "Épreuve obligatoire",
                             detail=f"{unit.code} : épreuve obligatoire")]
    return base + notes


def compute_units(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar
) -> tuple[UnitLine, ...]:
    """Every unit of the selected speciality (or variant) with its status, mode and reasons.

    `answers` is in the stored form (engine.answers), pruned by the wizard.
    """
    fields = answers["fields"]
    sel = selection(exam, fields)
    if sel.speciality is None:
        return ()
    units = speciality_units(sel)
    acquis = valid_acquis(exam, answers["acquis"], calendar)
    ctx = EvalContext(fields, calendar, declared_diplomas({"acquis": acquis}))
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
            leaf[u.code] = _leaf_decisions(u, exam, acquis, calendar, ctx, chosen, group_of,
                                           sel.speciality.code, sel.forme)
    lines: list[UnitLine] = []
    for u in units:
        kids = children.get(u.code, [])
        decisions: tuple[Decision, ...]
        if kids:
            statuses = {leaf[k.code][0].status for k in kids if k.code in leaf}
            status: UnitStatus = statuses.pop() if len(statuses) == 1 else "inscrit"
            coefs = [k.coefficient for k in kids if k.coefficient is not None]
            coefficient = sum(coefs) if coefs else u.coefficient
            names = ", ".join(k.printed_code for k in kids)
            decisions = (Decision(u.code, status, f"Sous-épreuves {names}", detail=(
                f"{u.code} : {STATUS_LABELS[status].lower()} (sous-épreuves {names})")),)
        else:
            decisions = tuple(leaf[u.code])
            status = decisions[0].status
            coefficient = u.coefficient
        mode: UnitMode | None = None
        if sel.category is not None:
            mode = u.modes.get(sel.category.code, sel.category.unit_mode)
        picks = u.languages or tuple(c.value for c in u.activities)
        labels = {c.value: c.label for c in u.activities}
        lang = languages.get(u.code) if picks and status in ("inscrit", "choisi") else None
        if lang:
            first = decisions[0]
            said = f"activité : {labels.get(lang, lang)}" if u.activities else f"langue : {lang}"
            decisions = (replace(first, reason=f"{first.reason} ({said})",
                                 detail=f"{first.explanation} ({said})"),
                         *decisions[1:])
        lines.append(UnitLine(
            code=u.code, label=u.label, group=u.group,
            # The validator knows every unit's group (E204) and kind (the schema's enum).
            group_label=group_labels[u.group],
            kind=u.kind, kind_label=KIND_LABELS[u.kind], coefficient=coefficient,
            duration=u.duration, mode=mode, optional=u.optional, status=status, language=lang,
            languages=picks, parent=u.parent, children=tuple(k.code for k in kids),
            decisions=decisions, official_code=u.official_code,
            pick_kind="activite" if u.activities else "langue",
            pick_labels=tuple(labels.items()),
        ))
    return tuple(lines)


def declared_diplomas(answers: Mapping[str, Any]) -> frozenset[str]:
    """Diplomas of the declared rows; callers that decide pass valid rows (valid_acquis)."""
    return frozenset(str(d.get("diploma")) for d in answers["acquis"]["diplomas"])


def valid_diplomas(
    exam: Exam, answers: Mapping[str, Any], calendar: SessionCalendar
) -> frozenset[str]:
    """The diplomas a condition sees (`{acquis: cap}`): only rows the Acquis tab accepts
    decide anything (a diploma "obtenu en 2035" does not)."""
    return declared_diplomas({"acquis": valid_acquis(exam, answers["acquis"], calendar)})


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
    valid = {"acquis": valid_acquis(exam, answers["acquis"], calendar)}
    ctx = EvalContext(answers["fields"], calendar, declared_diplomas(valid), unit_statuses(lines))
    out: list[PieceLine] = []
    for p in exam.pieces:
        if not holds(p.required_if, ctx):
            continue
        out.append(PieceLine(
            code=p.code, label=p.label, reason=p.reason or _generic_reason(p),
            detail=piece_reason(exam, p, ctx),
            delivery=p.delivery, delivery_label=DELIVERY_LABELS[p.delivery],
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


def _generic_reason(piece: Piece) -> str:
    if piece.required_if is None:
        return "Pièce demandée à tous les candidats."
    return "Pièce demandée pour votre candidature."


def piece_reason(exam: Exam, piece: Piece, ctx: EvalContext) -> str:
    """For the back office: the atoms of the piece's condition that hold, and its rule."""
    if piece.required_if is None:
        return "Pièce demandée à tous les candidats."
    atoms = [a for a in _atoms(piece.required_if) if conditions.evaluate(a, ctx)]
    if not atoms:
        return f"Pièce demandée pour votre candidature (règle pieces.{piece.code})."
    labels, values = _labels(exam)
    said = dict.fromkeys(conditions.describe(a, labels, values) for a in atoms)
    return "Pièce demandée : " + " ; ".join(said) + f" (règle pieces.{piece.code})."


def return_date(exam: Exam, calendar: SessionCalendar) -> dt.date:
    """"A RENVOYER IMPERATIVEMENT POUR LE": the exam's return date (pieces_defaults), which a
    piece with an earlier date of its own (the medical certificate) does not pull back.
    The confirmation goes back with the pieces: an office's deadline for them is its date."""
    if calendar.pieces_deadline is not None:
        return calendar.pieces_deadline
    return calendar.registration_close + dt.timedelta(days=exam.return_days_after_close)


def _atoms(cond: Condition) -> list[Condition]:
    """The leaves under all/any (a negation is not a reason one can name)."""
    if isinstance(cond, conditions.All | conditions.AnyOf):
        return [a for c in cond.items for a in _atoms(c)]
    if isinstance(cond, conditions.Not | conditions.Const):
        return []
    return [cond]


_LABELS: dict[str, tuple[dict[str, str], dict[str, dict[str, str]]]] = {}


def condition_labels(exam: Exam) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The names condition sentences use (fields, diplomas and units by code) and the names
    of field values (engine.conditions.describe's two mappings)."""
    labels, values = _labels(exam)
    units = {u.code: u.label for u in exam.common_units}
    units.update({u.code: u.label for sp in exam.specialities for u in sp.units})
    return {**units, **labels}, values


def _labels(exam: Exam) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Names of fields, diplomas and units, and of field values, for condition sentences."""
    cached = _LABELS.get(exam.source_hash)
    if cached is not None:
        return cached
    labels = {d.code: short_label(d.label) for d in exam.diplomas}
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
