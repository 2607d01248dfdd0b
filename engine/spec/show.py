"""A plain-text summary of a compiled exam for its author: tabs, fields, units, rules, pieces."""

from __future__ import annotations

from collections.abc import Sequence

from engine.conditions import Condition, to_json
from engine.spec.model import Exam, Field, SessionWindow, Unit


def _cond(cond: Condition | None) -> str:
    """A compact one-line form of a condition (its JSON shape, as the author wrote it)."""
    return _compact(to_json(cond)) if cond is not None else ""


def _compact(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def shorten(text: str, width: int) -> str:
    """At most `width` characters, cut between words and marked with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:  # the cut falls inside a word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-(") + "…"


def table(rows: Sequence[Sequence[str]], indent: str = "    ") -> list[str]:
    """Rows as aligned columns; the first row is the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return lines


def _field_flags(f: Field) -> str:
    flags = []
    if f.required is True:
        flags.append("required")
    elif f.required is not False:
        flags.append(f"required if {_cond(f.required)}")
    if f.visible_if is not None:
        flags.append(f"visible if {_cond(f.visible_if)}")
    if f.from_account:
        flags.append(f"from account ({f.from_account})")
    if f.list:
        flags.append(f"list {f.list}")
    return ", ".join(flags)


def _unit_row(u: Unit, variants: str, units: Sequence[Unit]) -> list[str]:
    """One row of a units table; sub-units indented, a parent's coefficient summed."""
    coef = "" if u.coefficient is None else f"{u.coefficient:g}"
    children = [c.coefficient for c in units if c.parent == u.code and c.coefficient is not None]
    if not coef and children:
        coef = f"({sum(children):g})"
    code = f"  {u.code}" if u.parent else u.code
    if u.official_code:
        code += f" ({u.official_code})"      # the règlement's code, printed on the PDF
    optional = "yes" if u.optional else ""
    if u.offered_if is not None:
        optional += f" if {_cond(u.offered_if)}"
    return [
        code,
        shorten(u.label, 48),
        u.group,
        u.kind,
        coef,
        u.duration,
        optional,
        variants,
    ]


def _sessions(window: SessionWindow | None) -> str:
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


def render_exam(exam: Exam) -> str:
    out = [
        f"{exam.short_label} — {exam.label} ({exam.code}, {exam.domain}, version {exam.version})",
        f"source {exam.path}  hash {exam.source_hash[:12]}",
        "",
        "Tabs",
    ]
    for n, tab in enumerate(exam.tabs, 1):
        extra = [tab.role] + (["Enregistrer"] if tab.save else [])
        if tab.visible_if is not None:
            extra.append(f"visible if {_cond(tab.visible_if)}")
        out.append(f"  {n}. {tab.title} [{tab.code}] ({', '.join(extra)})")
        for section in tab.sections:
            cond = f" (visible if {_cond(section.visible_if)})" if section.visible_if else ""
            out.append(f"     {section.title or '(untitled section)'}{cond}")
            for f in section.fields:
                flags = _field_flags(f)
                label = f' "{shorten(f.label, 50)}"' if f.label else ""
                out.append(f"       - {f.code}: {f.type}{label}{' — ' + flags if flags else ''}")
    if exam.texts:
        out += ["", f"Texts: {', '.join(sorted(exam.texts))}"]
    if exam.categories:
        out += ["", "Categories"]
        for c in exam.categories:
            cond = f"; eligible if {_cond(c.eligible_if)}" if c.eligible_if else ""
            if not c.self_registration:
                cond += "; not offered on the portal"
            out.append(
                f"  - {c.code} ({c.printed_label}): formes {', '.join(c.formes)}; "
                f"mode {c.unit_mode}{cond}"
            )
    header = ["code", "label", "group", "kind", "coef", "duration", "optional", "variants"]
    if exam.common_units and not exam.specialities:
        out += ["", "Units"] + table(
            [header] + [_unit_row(u, "", exam.common_units) for u in exam.common_units]
        )
    for s in exam.specialities:
        cond = f" (eligible if {_cond(s.eligible_if)})" if s.eligible_if else ""
        out += ["", f"Speciality {s.code}: {s.label}{cond}{_sessions(s.sessions)}"]
        rows = [header]
        for u in s.units:
            variants = ", ".join(v.code for v in s.variants if u.code in v.units)
            rows.append(_unit_row(u, variants, s.units))
        out += table(rows)
        for v in s.variants:
            out.append(f"    variant {v.code}: {v.label} — units {', '.join(v.units)}"
                       f"{_sessions(v.sessions)}")
    if exam.choice_groups:
        out += ["", "Choice groups"]
        for g in exam.choice_groups:
            out.append(f"  - {g.code} ({g.label}): {g.min}..{g.max} among {', '.join(g.units)}")
    if exam.acquis_rules:
        out += ["", "Acquis rules"]
        for r in exam.acquis_rules:
            what = (
                f"diplomas {', '.join(r.diplomas)}"
                if r.type == "dispense" and r.diplomas
                else f"grade ≥ {r.min_grade:g}"
                + (f" within {r.within_years} years" if r.within_years else "")
            )
            when = f"; when {_cond(r.when)}" if r.when else ""
            out.append(f"  - {r.code} ({r.type}): {what} → {', '.join(r.units)}{when}")
    if exam.pieces:
        out += ["", "Pieces justificatives"]
        for p in exam.pieces:
            when = f"required if {_cond(p.required_if)}" if p.required_if else "always required"
            out.append(
                f"  - {p.code}: {shorten(p.label, 60)} ({p.delivery}, {'/'.join(p.formats)}, "
                f"{p.max_size_mb} MB, +{p.deadline_days_after_close} days; {when})"
            )
    return "\n".join(out) + "\n"
