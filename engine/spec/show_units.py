"""The units side of `python -m engine show`: groups, specialities and their units tables,
languages and modes per category, choice groups, forme progressive, acquis, pieces and
migration rules, every text written in full."""

from __future__ import annotations

from collections.abc import Sequence

from engine.spec.model import AcquisRule, Exam, Migration, SessionWindow, Unit
from engine.spec.show import cond_text, table

HEADER = ["code", "label", "group", "kind", "coef", "duration", "optional", "variants"]


def _unit_row(u: Unit, variants: str, units: Sequence[Unit]) -> list[str]:
    """One row of a units table; sub-units indented, a parent's coefficient summed."""
    coef = "" if u.coefficient is None else f"{u.coefficient:g}"
    children = [c.coefficient for c in units if c.parent == u.code and c.coefficient is not None]
    if not coef and children:
        coef = f"({sum(children):g})"
    code = f"  {u.code}" if u.parent else u.code
    if u.official_code:
        code += f" ({u.official_code})"  # the règlement's code, printed on the PDF
    optional = "yes" if u.optional else ""
    if u.offered_if is not None:
        optional += f" if {cond_text(u.offered_if)}"
    return [code, u.label, u.group, u.kind, coef, u.duration, optional, variants]


def _unit_details(units: Sequence[Unit]) -> list[str]:
    """What a table row cannot hold: languages, activities, modes per category, the message
    of a unit not offered."""
    out = []
    for u in units:
        if u.languages:
            out.append(f"    {u.code} languages: {', '.join(u.languages)}")
        if u.activities:
            listed = ", ".join(f'{a.value} "{a.label}"' for a in u.activities)
            out.append(f"    {u.code} activities: {listed}")
        if u.categories:
            out.append(f"    {u.code} taken by categories: {', '.join(u.categories)}")
        if u.modes:
            modes = ", ".join(f"{cat} {mode}" for cat, mode in u.modes.items())
            out.append(f"    {u.code} mode by category: {modes}")
        if u.not_offered_message:
            out.append(f"    {u.code} not offered message: {u.not_offered_message}")
    return out


def units_table(units: Sequence[Unit], variants_of: dict[str, str]) -> list[str]:
    rows = [HEADER] + [_unit_row(u, variants_of.get(u.code, ""), units) for u in units]
    return table(rows) + _unit_details(units)


def sessions_text(window: SessionWindow | None) -> str:
    if window is None:
        return ""
    parts = []
    if window.first_year is not None:
        parts.append(f"from {window.first_year}")
    if window.last_year is not None:
        parts.append(f"until {window.last_year}")
    if window.months:
        parts.append(f"months {', '.join(map(str, window.months))}")
    return f" (sessions {' '.join(parts)})"


def _modes_by_category(exam: Exam) -> list[str]:
    """For each category, the units whose mode differs from the category's own."""
    units = {u.code: u for u in exam.common_units}
    for sp in exam.specialities:
        units.update({u.code: u for u in sp.units})
    out = []
    for c in exam.categories:
        other = [
            f"{code} {u.modes[c.code]}"
            for code, u in units.items()
            if c.code in u.modes and u.modes[c.code] != c.unit_mode
        ]
        out.append(
            f"  - {c.code}: {c.unit_mode}" + (f" (except {', '.join(other)})" if other else "")
        )
    return out


def _rule_line(r: AcquisRule) -> list[str]:
    what = (
        f"diplomas {', '.join(r.diplomas)}"
        if r.type == "dispense" and r.diplomas
        else f"grade ≥ {r.min_grade:g}"
        + (f" within {r.within_years} years" if r.within_years else "")
    )
    when = f"; when {cond_text(r.when)}" if r.when else ""
    flags = [] if r.renounceable else ["not renounceable"]
    if r.same_speciality:
        flags.append("same speciality only")
    extra = f" ({', '.join(flags)})" if flags else ""
    out = [f'  - {r.code} ({r.type}) "{r.label}": {what} → {", ".join(r.units)}{when}{extra}']
    if r.reason:
        out.append(f"      reason: {r.reason}")
    for c in r.correspondences:
        out.append(f"      correspondence: {c.unit} of {c.speciality} counts for {c.counts_for}")
    return out


def _migration_line(n: int, m: Migration) -> str:
    if m.choices:
        what = f"field {m.field}: " + ", ".join(f"{a} → {b}" for a, b in m.choices)
    elif m.units:
        what = "units: " + ", ".join(f"{a} → {b}" for a, b in m.units)
    else:
        what = f"accept {', '.join(m.accept)}" + (f" for {', '.join(m.only)}" if m.only else "")
    scope = []
    if m.from_version:
        scope.append(f"from version {m.from_version}")
    if m.sessions_from:
        scope.append(f"sessions from {m.sessions_from}")
    reason = f" — {m.reason}" if m.reason else ""
    return f"  {n}. {what}{' (' + '; '.join(scope) + ')' if scope else ''}{reason}"


def units_lines(exam: Exam) -> list[str]:
    out: list[str] = []
    if exam.unit_groups:
        out += ["", "Unit groups: " + ", ".join(f'{g.code} "{g.label}"' for g in exam.unit_groups)]
    if exam.categories:
        out += ["", "Mode by category"] + _modes_by_category(exam)
    if exam.common_units and not exam.specialities:
        out += ["", "Units"] + units_table(exam.common_units, {})
    for s in exam.specialities:
        cond = f" (eligible if {cond_text(s.eligible_if)})" if s.eligible_if else ""
        out += ["", f"Speciality {s.code}: {s.label}{cond}{sessions_text(s.sessions)}"]
        variants = {
            u.code: ", ".join(v.code for v in s.variants if u.code in v.units) for u in s.units
        }
        out += units_table(s.units, variants)
        for v in s.variants:
            out.append(
                f"    variant {v.code}: {v.label} — units {', '.join(v.units)}"
                f"{sessions_text(v.sessions)}"
            )
    if exam.choice_groups:
        out += ["", "Choice groups"]
        for g in exam.choice_groups:
            out.append(f"  - {g.code} ({g.label}): {g.min}..{g.max} among {', '.join(g.units)}")
    if any("progressive" in c.formes for c in exam.categories):
        p = exam.progressive
        out += ["", f"Forme progressive: {p.min_units}..{p.max_units or 'all'} units per session"]
    out.extend(_acquis_lines(exam))
    out.extend(_piece_lines(exam))
    if exam.migrations:
        out += ["", "Migrations"]
        out.extend(_migration_line(n, m) for n, m in enumerate(exam.migrations, 1))
    return out


def _acquis_lines(exam: Exam) -> list[str]:
    out: list[str] = []
    if exam.diplomas:
        out += ["", "Diplomas"] + [f'  - {d.code}: "{d.label}"' for d in exam.diplomas]
    if exam.former_specialities:
        out += ["", "Former specialities"]
        out += [f'  - {f.code}: "{f.label}"' for f in exam.former_specialities]
    if exam.acquis_rules:
        out += ["", "Acquis rules"]
        for r in exam.acquis_rules:
            out.extend(_rule_line(r))
    return out


def _piece_lines(exam: Exam) -> list[str]:
    if not exam.pieces:
        return []
    out = [
        "",
        f"Pieces justificatives (confirmation returned {exam.return_days_after_close} "
        "days after the close)",
    ]
    for p in exam.pieces:
        when = f"required if {cond_text(p.required_if)}" if p.required_if else "always required"
        out.append(
            f"  - {p.code}: {p.label} ({p.delivery}, {'/'.join(p.formats)}, "
            f"{p.max_size_mb} MB, +{p.deadline_days_after_close} days; {when})"
        )
        if p.help:
            out.append(f"      help: {p.help}")
        if p.reason:
            out.append(f"      reason: {p.reason}")
    return out
