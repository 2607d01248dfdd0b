"""W210: a list of choices worked out from an answer of the same tab.

A wizard page is rendered from the answers stored so far: the categories a candidate is
eligible for, the specialities offered, the formes of the chosen category and the choices
of a select are listed as they were before the page was posted. When what decides them is
asked on the same tab, the candidate sees the list (and, after Suivant, a refusal) before
their answer could count. The fix is to ask that field on an earlier tab.
"""

from __future__ import annotations

from engine.conditions import referenced_fields
from engine.errors import SourceMap, SpecError, make_error
from engine.spec.compile import Compiled
from engine.spec.model import Field

SPECIAL = ("category", "speciality", "forme")


def same_tab_warnings(compiled: Compiled, marks: SourceMap) -> list[SpecError]:
    exam = compiled.exam
    fields: dict[str, Field] = {}
    for f in exam.fields:
        fields.setdefault(f.code, f)
    special = {f.type: f for f in reversed(exam.fields) if f.type in SPECIAL}
    out: list[SpecError] = []
    for site in compiled.sites:
        holder: Field | None
        if site.kind in ("category", "speciality"):
            holder = special.get(site.kind)
            index = site.path[1]
            if site.kind == "category" and isinstance(index, int):
                if not exam.categories[index].self_registration:
                    continue  # never offered on the portal: its condition is not shown
            items = exam.categories if site.kind == "category" else exam.specialities
            code = items[index].code if isinstance(index, int) else "?"
            what = f"{site.kind} '{code}'"
        elif site.kind == "choice":
            holder = fields.get(site.here)
            what = f"a choice of '{site.here}'"
        else:
            continue
        if holder is None:
            continue
        same = sorted(
            code
            for code in referenced_fields(site.cond)
            if code != holder.code
            and code in fields
            and fields[code].tab == holder.tab
            and not fields[code].from_account
        )
        if same:
            out.append(_warning(what, same, holder, marks, site.path))
    forme, category = special.get("forme"), special.get("category")
    if forme is not None and category is not None and forme.tab == category.tab:
        path = compiled.field_paths[forme.code][0]
        out.append(_warning(f"the list of '{forme.code}'", [category.code], forme, marks, path))
    return out


def _warning(
    what: str, same: list[str], holder: Field, marks: SourceMap, path: tuple[str | int, ...]
) -> SpecError:
    names = ", ".join(f"'{code}'" for code in same)
    return make_error(
        "W210",
        f"{what} is decided by {names}, asked on the same tab '{holder.tab}' as "
        f"'{holder.code}': the page lists the choices before that answer is posted, so the "
        "candidate sees a refusal first",
        marks.value(path),
        path,
    )
