"""Rendering a tab: WTForms classes built from the spec (coercion only), and displayed answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wtforms import Form
from wtforms.fields import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field as WTField
from wtforms.validators import Length, NumberRange, Optional, Regexp

from engine.answers import (
    EMAIL_PATTERN,
    MSG_EMAIL,
    MSG_INTEGER,
    MSG_PATTERN,
    MSG_POSTAL_CODE,
    POSTAL_CODE_PATTERN,
    format_date_fr,
    max_length_of,
    parse_date,
)
from engine.spec.model import Exam, Field, Tab
from engine.wizard import FORME_LABELS, ChoiceView, FieldView, TabView, WizardState

# list name → (code, label) pairs; communes are searched, not listed (see reference_choices).
ReferenceChoices = Callable[[str], Sequence[tuple[str, str]]]

# Names a field must not take: attributes every form has, whatever the base class adds.
RESERVED = frozenset({
    "data", "errors", "validate", "meta", "process", "populate_obj", "form_errors",
    "csrf_token", "post_process", "hidden_tag", "validate_on_submit", "is_submitted",
    "Meta", "csrf_enabled",
})
PREFIX = "f_"
YESNO_CHOICES = [SelectChoice("oui", "Oui"), SelectChoice("non", "Non")]

_CACHE: dict[tuple[str, str, type[Form], ReferenceChoices | None], type[Form]] = {}


def reference_choices(list_name: str) -> Sequence[tuple[str, str]]:
    """The default choices of a reference list, from engine.reference (communes: none)."""
    from engine import reference  # the lists load on first use, not at import

    return [] if list_name == "communes" else reference.choices(list_name)


def field_name(code: str, base: type[Form] = Form) -> str:
    """The form attribute holding field `code`: prefixed when the code would clash."""
    if code in RESERVED or code.startswith("_") or hasattr(base, code):
        return PREFIX + code
    return code


class FrenchDateField(DateField):  # type: ignore[misc]  # WTForms ships no types
    """A date typed as JJ/MM/AAAA (the French form), also accepting ISO; shown as JJ/MM/AAAA.

    "31/02/1998" is well formed but is no date: it says so ("Cette date n'existe pas."),
    where WTForms would only say the format is wrong."""

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        # The format only shows a stored date; typed ones are read by parse_date.
        super().__init__(label, validators, format="%d/%m/%Y", **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError as exc:  # parse_date's French message
            self.data = None  # type: ignore[assignment]  # WTForms holds None when invalid
            raise ValueError(str(exc)) from None


class FrenchIntegerField(IntegerField):  # type: ignore[misc]
    """A whole number whose format message is French (WTForms says "Not a valid integer")."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None  # type: ignore[assignment]  # WTForms holds None when invalid
            raise ValueError(MSG_INTEGER) from None


def _unbound(exam: Exam, f: Field, refs: ReferenceChoices | None) -> Any:
    kw: dict[str, Any] = {"label": f.label, "description": f.help}
    validators: list[Any] = [Optional()]
    if f.from_account:
        kw["render_kw"] = {"readonly": True, "disabled": True, "aria-readonly": "true"}
    if f.min_length is not None or f.max_length is not None:
        validators.append(Length(
            min=f.min_length if f.min_length is not None else -1,
            max=f.max_length if f.max_length is not None else -1,
            message=_length_message(f)))
    if f.max_length is not None or f.type in ("text", "textarea", "email", "phone", "postal_code"):
        # The browser stops the typing at the limit the server checks (a default one when
        # the spec sets none).
        kw.setdefault("render_kw", {})["maxlength"] = max_length_of(f)
    t = f.type
    if t == "checkbox":
        return BooleanField(**kw)
    if t == "yesno":
        # validate_choice off: WTForms' "Not a valid choice" is English; the wizard says
        # "Répondez par Oui ou par Non."
        return RadioField(choices=YESNO_CHOICES, validators=validators, validate_choice=False,
                          **kw)
    if t == "date":
        return FrenchDateField(validators=validators, **kw)
    if t == "integer":
        low = f.min if isinstance(f.min, int) else None
        high = f.max if isinstance(f.max, int) else None
        if low is not None or high is not None:
            validators.append(NumberRange(low, high, message=_range_message(low, high)))
        return FrenchIntegerField(validators=validators, **kw)
    if t == "textarea":
        return TextAreaField(validators=validators, **kw)
    if t == "email":
        return EmailField(validators=[*validators, Regexp(EMAIL_PATTERN, message=MSG_EMAIL)],
                          **kw)
    if t == "phone":
        # Spaces and dots are welcome in the input; the wizard normalises, then checks.
        return TelField(validators=validators, **kw)
    if t == "postal_code":
        kw["render_kw"]["inputmode"] = "numeric"     # render_kw holds its maxlength
        return StringField(validators=[*validators, Regexp(POSTAL_CODE_PATTERN,
                                                           message=MSG_POSTAL_CODE)], **kw)
    if t in ("select", "radio", "category", "speciality", "forme", "reference"):
        choices = [SelectChoice(v, label) for v, label in spec_choices(exam, f, refs)]
        if t == "reference" and f.list == "communes":
            kw.setdefault("render_kw", {})["data-depends-on"] = f.depends_on or ""
            return StringField(validators=validators, **kw)
        cls = RadioField if t == "radio" else SelectField
        # validate_choice off: the offered choices depend on answers, the wizard checks them.
        return cls(choices=choices, validators=validators, validate_choice=False, **kw)
    if f.pattern:
        validators.append(Regexp(f"^(?:{f.pattern})$", message=f.pattern_message or MSG_PATTERN))
    return StringField(validators=validators, **kw)


def _range_message(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"La valeur doit être comprise entre {low} et {high}."
    if low is not None:
        return f"La valeur doit être supérieure ou égale à {low}."
    return f"La valeur doit être inférieure ou égale à {high}."


def _length_message(f: Field) -> str:
    if f.max_length is not None and f.min_length is None:
        return f"Ce champ doit comporter au plus {f.max_length} caractères."
    if f.min_length is not None and f.max_length is None:
        return f"Ce champ doit comporter au moins {f.min_length} caractères."
    return f"Ce champ doit comporter entre {f.min_length} et {f.max_length} caractères."


def spec_choices(exam: Exam, f: Field, refs: ReferenceChoices | None) -> list[tuple[str, str]]:
    """Every choice the spec can offer for the field (bind_state narrows them to a candidate)."""
    if f.type in ("select", "radio"):
        return [(c.value, c.label) for c in f.choices]
    if f.type == "category":
        return [(c.code, c.label) for c in exam.categories]
    if f.type == "speciality":
        return [(code, label) for sp in exam.specialities
                for code, label in [(sp.code, sp.label), *((v.code, v.label) for v in sp.variants)]]
    if f.type == "forme":
        formes = dict.fromkeys(fo for c in exam.categories for fo in c.formes)
        return [(fo, FORME_LABELS.get(fo, fo.capitalize())) for fo in formes]
    if f.type == "reference" and f.list and refs is not None:
        return list(refs(f.list))
    return []


def tab_form_class(
    exam: Exam, tab_code: str, base: type[Form] = Form,
    references: ReferenceChoices | None = reference_choices,
) -> type[Form]:
    """The form class of a tab, built once per (spec hash, tab, base class, reference source).

    The web side passes its base (e.g. FlaskForm, for CSRF); field attributes are named by
    `field_name` and `FIELD_CODES` on the class maps them back to the spec's codes.
    """
    key = (exam.source_hash, tab_code, base, references)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    tab = _tab(exam, tab_code)

    class TabForm(base):  # type: ignore[misc]
        pass

    codes: dict[str, str] = {}
    for f in tab.fields:
        name = field_name(f.code, base)
        codes[name] = f.code
        setattr(TabForm, name, _unbound(exam, f, references))
    TabForm.FIELD_CODES = codes
    TabForm.TAB_CODE = tab.code
    TabForm.__name__ = TabForm.__qualname__ = f"TabForm_{exam.code}_{tab.code}"
    _CACHE[key] = TabForm
    return TabForm


def _tab(exam: Exam, tab_code: str) -> Tab:
    for t in exam.tabs:
        if t.code == tab_code:
            return t
    raise KeyError(tab_code)


def form_data(exam: Exam, tab_code: str, answers: Mapping[str, Any],
              base: type[Form] = Form) -> dict[str, Any]:
    """Stored answers of a tab as the form's `data=` (dates as dates, yes/no as oui/non)."""
    out: dict[str, Any] = {}
    values = answers.get("fields") or {}
    for f in _tab(exam, tab_code).fields:
        value = values.get(f.code)
        if value is None:
            continue
        if f.type == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                continue
        elif f.type == "yesno" and isinstance(value, bool):
            value = "oui" if value else "non"
        out[field_name(f.code, base)] = value
    return out


def posted_values(form: Form) -> dict[str, Any]:
    """What the candidate typed, by field code, for engine.wizard.submit_tab (raw text)."""
    out: dict[str, Any] = {}
    codes: Mapping[str, str] = form.FIELD_CODES
    for name, code in codes.items():
        bound: WTField = form[name]
        raw = bound.raw_data
        if raw:
            out[code] = raw[-1]
    return out


def bind_state(form: Form, tab_view: TabView) -> list[tuple[FieldView, WTField]]:
    """Narrow a form instance to one candidate: offered choices, required flags, visible fields.

    Returns the visible fields in order with their views, for the template to render.
    """
    names = {code: name for name, code in form.FIELD_CODES.items()}
    out: list[tuple[FieldView, WTField]] = []
    for view in tab_view.fields:
        bound: WTField = form[names[view.code]]
        if view.has_choices:
            bound.choices = list(_select_choices(view.choices))
        bound.flags.required = view.required
        out.append((view, bound))
    return out


@lru_cache(maxsize=512)
def _select_choices(choices: tuple[ChoiceView, ...]) -> tuple[SelectChoice, ...]:
    """WTForms' choices for a candidate's offered ones, built once per distinct list (an
    academy's establishments are hundreds)."""
    return tuple(SelectChoice(c.value, c.label) for c in choices)


# ---------------------------------------------------------------- answers as displayed

# (list name, code) → the list's label for the code, None when unknown.
ReferenceLabel = Callable[[str, str], str | None]


def reference_label(list_name: str, code: str) -> str | None:
    from engine import reference

    return reference.label(list_name, code)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    code: str
    label: str                      # summary_label, else label
    value: str                      # as the candidate reads it: Oui/Non, JJ/MM/AAAA, labels


@dataclass(frozen=True, slots=True)
class SummarySection:
    tab: str
    title: str
    rows: tuple[SummaryRow, ...]


def display_value(
    view: FieldView, labels: ReferenceLabel | None = reference_label
) -> str:
    """One answer as the Récapitulatif and the confirmation print it."""
    value, f = view.value, view.field
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if f.type == "date" and isinstance(value, str):
        try:
            return format_date_fr(value)
        except ValueError:
            return value
    for choice in (*view.choices, *view.refused):
        if choice.value == value:
            return choice.label
    if f.type == "reference" and f.list and labels is not None:
        return labels(f.list, str(value)) or str(value)
    return str(value)


def summary(
    state: WizardState, labels: ReferenceLabel | None = reference_label
) -> tuple[SummarySection, ...]:
    """Every visible answer, by section, in wizard order (hidden and skipped ones are gone)."""
    out: list[SummarySection] = []
    for tab in state.tabs:
        for section in tab.sections:
            rows = tuple(
                SummaryRow(v.code, v.field.summary_label or v.field.label, display_value(v, labels))
                for v in section.fields if v.value is not None
            )
            if rows:
                out.append(SummarySection(tab.code, section.title, rows))
    return tuple(out)


def mirror_conditions(exam: Exam, tab_code: str) -> dict[str, dict[str, object]]:
    """For the browser's comfort mirror: each field's visibility (its section's and its own
    condition, in the JSON form of engine.conditions) and requiredness. The server decides."""
    from engine.conditions import All, to_json

    out: dict[str, dict[str, object]] = {}
    for section in _tab(exam, tab_code).sections:
        for f in section.fields:
            parts = [c for c in (section.visible_if, f.visible_if) if c is not None]
            visible = parts[0] if len(parts) == 1 else All(tuple(parts)) if parts else None
            required = f.required if isinstance(f.required, bool) else to_json(f.required)
            out[f.code] = {"name": field_name(f.code), "visible_if": to_json(visible),
                           "required": required}
    return out
