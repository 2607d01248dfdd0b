"""A candidature's unit lines (engine.rules.compute_units) with their grades, as results lines:
what counts, what is ignored and why. Dispensed units never count; a bénéfice brings its
kept grade; an optional unit adds only its points above the rules' mark."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from engine.decisions import UnitLine
from engine.results.decision import LineSource, ResultLine
from engine.results.grades import ABSENT, DISPENSED, GradeInput, fr, parse_grade
from engine.spec.model_results import ResultRules

_COEFFICIENTS: dict[float, Decimal] = {}
# The units → results groups map of each rules object (kept with it: `is` checks the id).
_GROUPS: dict[int, tuple[ResultRules, dict[str, tuple[str, ...]]]] = {}


def _coefficient(line: UnitLine) -> Decimal | None:
    """The unit's coefficient as written (2.5 → Decimal("2.5")), converted once per value."""
    c = line.coefficient
    if c is None:
        return None
    found = _COEFFICIENTS.get(c)
    if found is None:
        found = _COEFFICIENTS.setdefault(c, Decimal(str(c)))
    return found


def groups_of(rules: ResultRules) -> dict[str, tuple[str, ...]]:
    """Unit code → codes of the results groups holding it."""
    cached = _GROUPS.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    found: dict[str, list[str]] = {}
    for g in rules.groups:
        for code in g.units:
            found.setdefault(code, []).append(g.code)
    out = {code: tuple(codes) for code, codes in found.items()}
    _GROUPS[id(rules)] = (rules, out)
    return out


def _kept_grade(line: UnitLine) -> tuple[Decimal, tuple[int, str] | None] | None:
    """The bénéfice's grade, with its year and rule when the acquis decision says them."""
    for d in line.decisions:
        if d.status == "benefice" and d.grade is not None:
            since = None if d.grade_year is None else (d.grade_year, d.rule)
            return Decimal(str(d.grade)).quantize(Decimal("0.01")), since
    return None


def _blank(line: UnitLine, source: LineSource, reason: str, groups: tuple[str, ...]) -> ResultLine:
    """The line of a unit without a grade that counts: it adds nothing."""
    return ResultLine(
        code=line.code,
        printed_code=line.printed_code,
        label=line.label,
        optional=line.optional,
        coefficient=_coefficient(line),
        grade=None,
        source=source,
        counted=False,
        points=None,
        reason=reason,
        groups=groups,
    )


def _line(
    line: UnitLine,
    rules: ResultRules,
    source: LineSource,
    grade: Decimal,
    reason: str,
    groups: tuple[str, ...],
    kept_from: tuple[int, str] | None = None,
) -> ResultLine:
    """The line of a graded unit: what its grade adds (× coefficient; optional: the points
    above the mark; method points: the grade itself)."""
    coef = _coefficient(line)
    points: Decimal | None = None
    if rules.method == "points":
        points = grade
    elif line.optional:
        points = max(grade - rules.optional_above, Decimal(0)) * (coef or Decimal(1))
        if not points:
            mark = fr(rules.optional_above)
            reason = f"{reason} ; note inférieure ou égale à {mark} : aucun point"
        else:
            reason = (
                f"{reason} ; points au-dessus de {fr(rules.optional_above)} comptés : "
                f"{fr(points, 2)}"
            )
    elif coef is not None:
        points = grade * coef
    return ResultLine(
        code=line.code,
        printed_code=line.printed_code,
        label=line.label,
        optional=line.optional,
        coefficient=coef,
        grade=grade,
        source=source,
        counted=True,
        points=points,
        reason=reason,
        groups=groups,
        kept_from=kept_from,
    )


def result_line(
    line: UnitLine, grade_input: GradeInput, rules: ResultRules, groups: tuple[str, ...]
) -> ResultLine:
    """One unit's results line; raises GradeError on a grade that cannot be one."""
    if line.status == "dispense":
        return _blank(line, "dispense", "Dispensé(e) : ne compte pas", groups)
    if line.status == "non_choisi":
        return _blank(line, "not_chosen", "Épreuve facultative non choisie", groups)
    if line.status == "non_presente":
        return _blank(
            line, "not_presented", "Non présentée à cette session (forme progressive)", groups
        )
    if line.status == "benefice":
        found = _kept_grade(line)
        if found is None:
            parsed = parse_grade(grade_input, rules.max_grade(line.code), rules.scale(line.code))
            found = (parsed, None) if isinstance(parsed, Decimal) else None
        if found is None:
            return _blank(line, "missing", "Bénéfice sans note conservée", groups)
        return _line(
            line,
            rules,
            "benefice",
            found[0],
            "Note conservée d'une session antérieure",
            groups,
            found[1],
        )
    grade = parse_grade(grade_input, rules.max_grade(line.code), rules.scale(line.code))
    if type(grade) is Decimal:  # first: comparing a Decimal with "ABS" is slow
        what = "Épreuve facultative" if line.optional else "Note de la session"
        return _line(line, rules, "session", grade, what, groups)
    if grade is None:
        return _blank(line, "missing", "Note non saisie", groups)
    if grade == DISPENSED:
        return _blank(line, "dispense", "Dispensé(e) à cette session : ne compte pas", groups)
    if grade == ABSENT:
        if line.optional:
            return _blank(
                line, "absent", "Absent(e) à l'épreuve facultative : ne compte pas", groups
            )
        if rules.absent == "zero":
            return _line(line, rules, "absent", Decimal(0), "Absent(e) : note zéro", groups)
        return _blank(
            line,
            "absent",
            "Absent(e) à une épreuve obligatoire : le diplôme ne peut pas être délivré",
            groups,
        )
    raise AssertionError(grade)  # parse_grade gives a Decimal, ABS, DISP or None


def result_lines(
    units: Sequence[UnitLine], grades: Mapping[str, GradeInput], rules: ResultRules
) -> tuple[ResultLine, ...]:
    """The lines of every unit that carries a grade (a parent such as E1 is its sub-units)."""
    group_of = groups_of(rules)
    return tuple(
        result_line(u, grades.get(u.code), rules, group_of.get(u.code, ()))
        for u in units
        if not u.is_group
    )
