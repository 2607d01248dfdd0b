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

from markupsafe import Markup

# (value, label) pairs → each option's HTML (plain and selected), and where each value is.
_Rendered = tuple[tuple[Markup, ...], tuple[Markup, ...], dict[str, list[int]]]
_cache: dict[tuple[tuple[str, str], ...], _Rendered] = {}
_lock = threading.Lock()
# Lists vary with the academy (establishments) and the candidate (specialities): a bound.
MAX_LISTS = 512
_OPTION = Markup('<option value="{}">{}</option>')
_SELECTED = Markup('<option value="{}" selected>{}</option>')
_NEWLINE = Markup("\n")


def _render(key: tuple[tuple[str, str], ...]) -> _Rendered:
    """Markup.format escapes each value and label as Jinja's autoescape does."""
    where: dict[str, list[int]] = {}
    for index, (value, _label) in enumerate(key):
        where.setdefault(value, []).append(index)
    plain = tuple(_OPTION.format(value, label) for value, label in key)
    selected = tuple(_SELECTED.format(value, label) for value, label in key)
    return plain, selected, where


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
    plain, selected, where = rendered
    chosen = where.get(current, ()) if isinstance(current, str) else ()
    if not chosen:
        return _NEWLINE.join(plain)
    out = list(plain)
    for index in chosen:
        out[index] = selected[index]
    return _NEWLINE.join(out)
