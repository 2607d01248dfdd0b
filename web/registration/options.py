"""The <option> elements of a wizard select, rendered once per list rather than per request.

A tab lists countries, nationalities, départements, establishments: hundreds of options that
Jinja would escape and join again on every page. Each distinct list (by its content: values
and labels) is rendered once, escaped as Jinja escapes; a page then only marks the answer's
option `selected`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

# (value, label) pairs → each option's HTML, and where each value is in it.
_Rendered = tuple[tuple[str, ...], dict[str, list[int]]]
_cache: dict[tuple[tuple[str, str], ...], _Rendered] = {}
_lock = threading.Lock()
# Lists vary with the academy (establishments) and the candidate (specialities): a bound.
MAX_LISTS = 512


def _render(key: tuple[tuple[str, str], ...]) -> _Rendered:
    parts: list[str] = []
    where: dict[str, list[int]] = {}
    for index, (value, label) in enumerate(key):
        parts.append(f'<option value="{escape(value)}">{escape(label)}</option>')
        where.setdefault(value, []).append(index)
    return tuple(parts), where


def option_tags(choices: Iterable[Any], current: Any) -> Markup:
    """The options of `choices` (objects with .value and .label, e.g. WTForms' SelectChoice),
    the one whose value is `current` selected."""
    key = tuple((str(c.value), str(c.label)) for c in choices)
    rendered = _cache.get(key)
    if rendered is None:
        rendered = _render(key)
        with _lock:
            if len(_cache) >= MAX_LISTS:
                _cache.clear()
            _cache[key] = rendered
    parts, where = rendered
    chosen = where.get(current, ()) if isinstance(current, str) else ()
    if not chosen:
        return Markup("\n".join(parts))
    out = list(parts)
    for index in chosen:
        # The value is escaped (no quote left in it): its closing quote is the first '">'.
        out[index] = out[index].replace('">', '" selected>', 1)
    return Markup("\n".join(out))
