"""Type-check every condition of a compiled spec where it sits in the wizard; flag constant ones."""

from __future__ import annotations

from collections.abc import Iterator

from engine import reference
from engine.conditions import (
    AcquisDeclared,
    Age,
    All,
    Compare,
    Condition,
    IsSet,
    TypeEnv,
    UnitStatus,
    check_condition,
    constant_warning,
    is_constant,
    walk,
)
from engine.errors import SourceMap, SpecError, make_error
from engine.spec.compile import Compiled
from engine.spec.model import Exam


def choice_values(exam: Exam) -> dict[str, frozenset[str]]:
    """The values each select/radio/category/speciality/forme/reference field can take."""
    categories = frozenset(c.code for c in exam.categories)
    specialities = frozenset(
        code for s in exam.specialities for code in (s.code, *(v.code for v in s.variants))
    )
    formes = frozenset(f for c in exam.categories for f in c.formes)
    out: dict[str, frozenset[str]] = {}
    for f in exam.fields:
        if f.code in out:
            continue
        if f.type in ("select", "radio"):
            out[f.code] = frozenset(c.value for c in f.choices)
        elif f.type == "category":
            out[f.code] = categories
        elif f.type == "speciality":
            out[f.code] = specialities
        elif f.type == "forme":
            out[f.code] = formes
        elif f.type == "reference" and f.list in reference.LIST_NAMES and (
            f.list not in reference.SEARCHED_LISTS
        ):
            # Communes are left out: tens of thousands, and their codes depend on the
            # département chosen.
            out[f.code] = frozenset(code for code, _ in reference.choices(f.list))
    return out


def all_unit_codes(exam: Exam) -> frozenset[str]:
    return frozenset(u.code for u in exam.common_units) | frozenset(
        u.code for s in exam.specialities for u in s.units
    )


def _tab_of_site(exam: Exam, kind: str, path: tuple[object, ...]) -> int:
    """Index of the tab where a condition is evaluated (past the last tab for pieces)."""
    if path and path[0] == "tabs" and isinstance(path[1], int):
        return path[1]
    special = {"category": "category", "speciality": "speciality"}.get(kind)
    roles = [t.role for t in exam.tabs]
    if special is not None:
        for i, tab in enumerate(exam.tabs):
            if any(f.type == special for f in tab.fields):
                return i
    if kind == "acquis" and "acquis" in roles:
        return roles.index("acquis")
    if kind == "unit" and "units" in roles:
        return roles.index("units")
    return len(exam.tabs)


def _too_early(compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    """Acquis declared and unit statuses exist only after their tabs: a condition evaluated
    before them would always see nothing."""
    exam = compiled.exam
    roles = [t.role for t in exam.tabs]
    acquis_at = roles.index("acquis") if "acquis" in roles else None
    units_at = max((i for i, r in enumerate(roles) if r in ("acquis", "units")), default=None)
    out: list[SpecError] = []
    for site in compiled.sites:
        if site.kind == "piece":  # pieces are worked out once the candidature is saved
            continue
        tab = _tab_of_site(exam, site.kind, site.path)
        for node in walk(site.cond):
            if isinstance(node, AcquisDeclared) and site.kind != "acquis":
                if acquis_at is None or tab <= acquis_at:
                    where = (
                        "the exam has no acquis tab"
                        if acquis_at is None
                        else "this condition is evaluated before the acquis tab"
                    )
                    out.append(
                        make_error(
                            "E225",
                            f"{{acquis: {node.diploma}}} cannot be known here: {where}",
                            marks.value(site.path),
                            site.path,
                        )
                    )
                    break
            if isinstance(node, UnitStatus) and (
                units_at is None or tab <= units_at or site.kind == "acquis"
            ):
                out.append(
                    make_error(
                        "E226",
                        f"{{unit: {node.unit}, status: {node.status}}} has no value here: "
                        "unit statuses are known after the acquis and units tabs",
                        marks.value(site.path),
                        site.path,
                    )
                )
                break
    return out


def check_conditions(compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    exam = compiled.exam
    fields = exam.fields
    by_code = {f.code: f for f in reversed(fields)}
    values = choice_values(exam)
    diplomas = frozenset(d.code for d in exam.diplomas)
    units = all_unit_codes(exam)
    prefix: dict[int, frozenset[str]] = {}
    out: list[SpecError] = []
    for site in compiled.sites:
        if site.before not in prefix:
            prefix[site.before] = frozenset(f.code for f in fields if f.order < site.before)
        env = TypeEnv(
            fields=by_code,
            visible_before=prefix[site.before],
            choice_values=values,
            diplomas=diplomas,
            units=units,
            here=site.here,
        )
        out.extend(check_condition(site.cond, site.path, env, marks))
        constant = is_constant(site.cond)
        if constant is False and site.kind in ("field", "section"):
            what = f"field '{site.here}'" if site.kind == "field" else "this section"
            out.append(
                make_error(
                    "W205",
                    f"{what} is never visible: its visible_if is always false",
                    marks.value(site.path),
                    site.path,
                )
            )
        elif constant is not None:
            warning = constant_warning(site.cond, site.path, marks)
            if warning is not None:
                out.append(warning)
        if exam.birth_date_field is None:
            for node in walk(site.cond):
                if isinstance(node, Age):
                    out.append(
                        make_error(
                            "E218",
                            f"an age condition on '{node.field}' needs exam.birth_date_field",
                            marks.value(site.path),
                            site.path,
                            hint=f"Add `birth_date_field: {node.field}` under exam:.",
                        )
                    )
                    break
    return out + _too_early(compiled, marks) + _hidden_by_hidden(compiled, marks)


# Operators that never hold on an unanswered field: a hidden field makes them false.
_NEEDS_ANSWER = frozenset({"equals", "in", "lt", "le", "gt", "ge"})


def _needed_fields(cond: Condition | None) -> Iterator[str]:
    """Fields the condition needs answered (in its top-level `all`) to hold."""
    if isinstance(cond, All):
        for item in cond.items:
            yield from _needed_fields(item)
    elif isinstance(cond, Compare) and cond.op in _NEEDS_ANSWER:
        yield cond.field
    elif isinstance(cond, IsSet) and cond.expected or isinstance(cond, Age):
        yield cond.field


def _hidden_by_hidden(compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    """W205 for a field, section or tab whose condition needs a field that is never visible
    (hidden fields have no answer). Conditions read earlier fields only: one pass suffices."""
    never: set[str] = set()
    out: list[SpecError] = []
    seen: dict[str, int] = {}
    for i, tab in enumerate(compiled.exam.tabs):
        blocker = _blocker(tab.visible_if, never)
        if blocker:
            _warn(out, marks, f"tab '{tab.code}'", blocker, ("tabs", i, "visible_if"))
        tab_hidden = bool(blocker) or _always_false(tab.visible_if)
        for j, section in enumerate(tab.sections):
            blocker = "" if tab_hidden else _blocker(section.visible_if, never)
            if blocker:
                path = ("tabs", i, "sections", j, "visible_if")
                _warn(out, marks, f"section '{section.title}'", blocker, path)
            section_hidden = tab_hidden or bool(blocker) or _always_false(section.visible_if)
            for f in section.fields:
                k = seen.get(f.code, 0)
                seen[f.code] = k + 1
                if section_hidden or _always_false(f.visible_if):
                    never.add(f.code)
                    continue
                blocker = _blocker(f.visible_if, never)
                if blocker:
                    never.add(f.code)
                    field_path = (*compiled.field_paths[f.code][k], "visible_if")
                    _warn(out, marks, f"field '{f.code}'", blocker, field_path)
    return out


def _always_false(cond: Condition | None) -> bool:
    return cond is not None and is_constant(cond) is False


def _blocker(cond: Condition | None, never: set[str]) -> str:
    return next((code for code in _needed_fields(cond) if code in never), "")


def _warn(
    out: list[SpecError], marks: SourceMap, what: str, blocker: str, path: tuple[str | int, ...]
) -> None:
    out.append(
        make_error(
            "W205",
            f"{what} is never visible: its condition needs '{blocker}', which is never visible",
            marks.value(path),
            path,
        )
    )
