"""A plain-text account of a compiled exam for its author: everything the spec holds, uncut.

Tabs, sections and fields (with every constraint, help text and choice), texts, categories
(formes, mode, eligibility and its message), then the units side (engine.spec.show_units):
unit groups, specialities with their units tables, languages and modes per category,
choice groups, forme progressive, acquis, pieces and migration rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from engine.conditions import Condition, RelativeDate, to_json
from engine.spec.model import Choice, Exam, Field, Tab


def cond_text(cond: Condition | None) -> str:
    """A compact one-line form of a condition (its JSON shape, as the author wrote it)."""
    return compact(to_json(cond)) if cond is not None else ""


def compact(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(compact(v) for v in value) + "]"
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


def bound_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, RelativeDate):
        parts = [f"session {value.session}"]
        parts += [
            f"{getattr(value, k):+d} {k}" for k in ("years", "months", "days") if getattr(value, k)
        ]
        return " ".join(parts)
    return compact(value)


def _field_flags(f: Field) -> str:
    flags = []
    if f.required is True:
        flags.append("required")
    elif f.required is not False:
        flags.append(f"required if {cond_text(f.required)}")
    if f.visible_if is not None:
        flags.append(f"visible if {cond_text(f.visible_if)}")
    if f.from_account:
        flags.append(f"from account ({f.from_account})")
    if f.prefill:
        flags.append(f"prefilled from account ({f.prefill})")
    if f.list:
        flags.append(f"list {f.list}")
    if f.depends_on:
        flags.append(f"depends on {f.depends_on}")
    if f.default is not None:
        flags.append(f"default {compact(f.default)}")
    if f.min is not None:
        flags.append(f"min {bound_text(f.min)}")
    if f.max is not None:
        flags.append(f"max {bound_text(f.max)}")
    if f.min_length is not None:
        flags.append(f"min length {f.min_length}")
    if f.max_length is not None:
        flags.append(f"max length {f.max_length}")
    if f.pattern:
        flags.append(f"pattern {f.pattern}")
    return ", ".join(flags)


def _choices(choices: tuple[Choice, ...]) -> str:
    return ", ".join(
        f'{c.value} "{c.label}"'
        + (f" (visible if {cond_text(c.visible_if)})" if c.visible_if is not None else "")
        for c in choices
    )


def _field_lines(f: Field) -> list[str]:
    flags = _field_flags(f)
    label = f' "{f.label}"' if f.label else ""
    out = [f"       - {f.code}: {f.type}{label}{' — ' + flags if flags else ''}"]
    if f.summary_label:
        out.append(f'           summary label: "{f.summary_label}"')
    if f.pattern_message:
        out.append(f"           pattern message: {f.pattern_message}")
    if f.help:
        out.append(f"           help: {f.help}")
    if f.choices:
        out.append(f"           choices: {_choices(f.choices)}")
    return out


def _tab_lines(n: int, tab: Tab) -> list[str]:
    extra = [tab.role] + (["Enregistrer"] if tab.save else [])
    if tab.visible_if is not None:
        extra.append(f"visible if {cond_text(tab.visible_if)}")
    out = [f"  {n}. {tab.title} [{tab.code}] ({', '.join(extra)})"]
    if tab.intro:
        out.append(f"     intro: {tab.intro}")
    if tab.text:
        out.append(f"     text: {tab.text}")
    for section in tab.sections:
        cond = f" (visible if {cond_text(section.visible_if)})" if section.visible_if else ""
        out.append(f"     {section.title or '(untitled section)'}{cond}")
        for f in section.fields:
            out.extend(_field_lines(f))
    return out


def render_exam(exam: Exam) -> str:
    from engine.spec.show_units import units_lines

    out = [
        f"{exam.short_label} — {exam.label} ({exam.code}, {exam.domain}, version {exam.version})",
        f"source {exam.path}  hash {exam.source_hash[:12]}",
    ]
    if exam.birth_date_field:
        out.append(f"birth date field: {exam.birth_date_field}")
    out += ["", "Tabs"]
    for n, tab in enumerate(exam.tabs, 1):
        out.extend(_tab_lines(n, tab))
    if exam.texts:
        out += ["", "Texts"]
        out.extend(f"  {key}: {exam.texts[key]}" for key in sorted(exam.texts))
    if exam.categories:
        out += ["", "Categories"]
        for c in exam.categories:
            cond = f"; eligible if {cond_text(c.eligible_if)}" if c.eligible_if else ""
            if not c.self_registration:
                cond += "; not offered on the portal"
            out.append(
                f"  - {c.code} ({c.printed_label}): formes {', '.join(c.formes)}; "
                f"mode {c.unit_mode}{cond}"
            )
            if c.ineligible_message:
                out.append(f"      ineligible message: {c.ineligible_message}")
    out.extend(units_lines(exam))
    out.extend(results_lines(exam))
    return "\n".join(out) + "\n"


def results_lines(exam: Exam) -> list[str]:
    """The results rules, in French (engine.results.describe)."""
    from engine.results.describe import results_overview

    out: list[str] = []
    for title, sentences in results_overview(exam):
        out += ["", f"Résultats — {title}"] + [f"  - {s}" for s in sentences]
    return out
