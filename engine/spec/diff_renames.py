"""Codes renamed between two versions of an exam.

A choice, category, speciality or unit is taken as renamed when a removed code and an added
one have the same label. A field is taken as renamed when its old code is gone, a new code
appears, and the two fields have the same type, the same label and the same place in the
wizard (tab, section and rank in the section): the author changed the code and nothing else
a candidate reads.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from engine.spec.model import Exam, Field

K = TypeVar("K", bound=Hashable)


def renames(removed: Mapping[str, K], added: Mapping[str, K]) -> list[tuple[str, str]]:
    """(old code, new code) for each removed item whose key (its label) is that of exactly
    one added item, and of no other removed item: the author renamed its code."""
    out = []
    for old, key in removed.items():
        same = [new for new, other in added.items() if other == key]
        if len(same) == 1 and list(removed.values()).count(key) == 1:
            out.append((old, same[0]))
    return out


def _places(exam: Exam) -> dict[str, tuple[str, str, int]]:
    """Each field's place: its tab, its section's title and its rank in the section."""
    return {
        f.code: (tab.code, section.title, rank)
        for tab in exam.tabs
        for section in tab.sections
        for rank, f in enumerate(section.fields)
    }


def _key(f: Field, place: tuple[str, str, int]) -> tuple[str, str, tuple[str, str, int]]:
    return (f.type, f.label, place)


def field_renames(old: Exam, new: Exam) -> list[tuple[str, str]]:
    """(old code, new code) of each field renamed between `old` and `new`, in wizard order;
    a pair is kept only when no other removed or added field shares its type, label and
    place (an ambiguous pair is reported as a removal and an addition)."""
    old_places, new_places = _places(old), _places(new)
    old_fields = {f.code: f for f in old.fields}
    new_fields = {f.code: f for f in new.fields}
    removed = {
        code: _key(f, old_places[code]) for code, f in old_fields.items() if code not in new_fields
    }
    added = {
        code: _key(f, new_places[code]) for code, f in new_fields.items() if code not in old_fields
    }
    return renames(removed, added)
