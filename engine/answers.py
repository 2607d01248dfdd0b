"""A candidature's stored answers: their format, JSON Schema, normalisation and value checks.

Answer format (the one shape stored, validated, printed and passed to the engine):

    {
      "fields": {field_code: value, ...},
      "acquis": {
        "diplomas": [{"diploma": code, "year": int, "academy": str}, ...],
        "grades":   [{"unit": unit_code, "grade": float, "year": int}, ...],
        "renounced": [unit_code, ...]   # units whose bénéfice/dispense the candidate unticked
      },
      "units": {
        "chosen": [unit_code, ...],     # optional units and choice-group units chosen
        "languages": {unit_code: language}   # or the activity chosen (units with activities)
      }
    }

Field values are JSON-ready and typed by the field's type:

- text, textarea, email, phone, postal_code: `str` (trimmed; phone and postal code without
  spaces, dots or dashes);
- date: `str`, ISO `YYYY-MM-DD`;
- integer: `int`;
- checkbox, yesno: `bool`;
- select, radio, reference, category, speciality, forme: `str`, the choice's value.

A field that is not answered is absent (never `None` nor `""`). A field hidden by its
condition, or on a skipped tab, is absent too: `engine.wizard.prune` drops it. `acquis`
and `units` are always present once normalised (`empty_answers()`), possibly empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.conditions import RelativeDate, SessionCalendar
from engine.spec.model import Exam, Field

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Only the engine's own messages live here; spec texts come from the spec.
MSG_DATE_FORMAT = "La date doit être au format JJ/MM/AAAA."
MSG_DATE_INVALID = "Cette date n'existe pas."
MSG_BIRTH_DATE_FUTURE = "La date de naissance ne peut pas être postérieure à la date du jour."
MSG_BIRTH_DATE_TOO_OLD = "La date de naissance doit être postérieure au 01/01/1900."
MSG_INTEGER = "Ce champ doit être un nombre entier."
MSG_YESNO = "Répondez par Oui ou par Non."

STRING_TYPES = frozenset({"text", "textarea", "email", "phone", "postal_code"})
CHOICE_TYPES = frozenset({"select", "radio", "reference", "category", "speciality", "forme"})
BOOLEAN_TYPES = frozenset({"checkbox", "yesno"})

_TRUE = frozenset({"true", "1", "on", "y", "yes", "oui", "o"})
_FALSE = frozenset({"false", "0", "off", "n", "no", "non"})
_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SEPARATORS = re.compile(r"[\s.\-]")

PHONE_PATTERN = r"^(0[1-9]\d{8}|\+\d{8,15})$"
POSTAL_CODE_PATTERN = r"^\d{5}$"
ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# Deliberately simple: one @, a dot in the domain, no spaces; deliverability is the mail's job.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@dataclass(frozen=True, slots=True)
class Normalized:
    """A posted value turned into its stored form, or the French message saying why not."""

    value: Any = None                 # None: not answered
    error: str | None = None


def empty_answers() -> dict[str, Any]:
    return {
        "fields": {},
        "acquis": {"diplomas": [], "grades": [], "renounced": []},
        "units": {"chosen": [], "languages": {}},
    }


def coerce_answers(answers: Mapping[str, Any] | None) -> dict[str, Any]:
    """A fresh answers dict with every part present (missing parts empty); inputs untouched."""
    src = answers or {}
    acq = src.get("acquis") or {}
    units = src.get("units") or {}
    return {
        "fields": dict(src.get("fields") or {}),
        "acquis": {
            "diplomas": [dict(d) for d in acq.get("diplomas") or []],
            "grades": [dict(g) for g in acq.get("grades") or []],
            "renounced": list(acq.get("renounced") or []),
        },
        "units": {
            "chosen": list(units.get("chosen") or []),
            "languages": dict(units.get("languages") or {}),
        },
    }


def parse_date(text: str) -> dt.date:
    """`31/12/2024` (the French form) or `2024-12-31`; ValueError with a French message."""
    text = text.strip()
    m = _FR_DATE.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _ISO_DATE.match(text)
        if not m:
            raise ValueError(MSG_DATE_FORMAT)
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(MSG_DATE_INVALID) from None


def birth_date_problem(born: dt.date, today: dt.date) -> str | None:
    """The precise French message when a birth date cannot be one (in the future, before 1900)."""
    if born > today:
        return MSG_BIRTH_DATE_FUTURE
    if born.year < 1900:
        return MSG_BIRTH_DATE_TOO_OLD
    return None


def format_date_fr(iso: str) -> str:
    """`2024-12-31` → `31/12/2024` (as printed on the Récapitulatif and the PDF)."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def normalize_value(field: Field, raw: object) -> Normalized:
    """Turn one posted (or account) value into the stored form of `field`'s type.

    Empty input means "not answered", except for a checkbox, where it means unticked.
    """
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    if field.type == "checkbox":
        if isinstance(raw, bool):
            return Normalized(raw)
        return Normalized(raw is not None and str(raw).strip().lower() in _TRUE)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Normalized()
    if field.type == "yesno":
        if isinstance(raw, bool):
            return Normalized(raw)
        word = str(raw).strip().lower()
        if word in _TRUE:
            return Normalized(True)
        if word in _FALSE:
            return Normalized(False)
        return Normalized(error=MSG_YESNO)
    if field.type == "date":
        if isinstance(raw, dt.datetime):
            return Normalized(raw.date().isoformat())
        if isinstance(raw, dt.date):
            return Normalized(raw.isoformat())
        try:
            return Normalized(parse_date(str(raw)).isoformat())
        except ValueError as exc:
            return Normalized(error=str(exc))
    if field.type == "integer":
        if isinstance(raw, bool):
            return Normalized(error=MSG_INTEGER)
        if isinstance(raw, int):
            return Normalized(raw)
        try:
            return Normalized(int(str(raw).strip()))
        except ValueError:
            return Normalized(error=MSG_INTEGER)
    text = str(raw).strip()
    if field.type in ("phone", "postal_code"):
        text = _SEPARATORS.sub("", text)
    return Normalized(text)


def normalize_fields(
    fields: tuple[Field, ...] | list[Field], posted: Mapping[str, object]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Stored values (answered fields only) and format errors for the given fields."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        n = normalize_value(f, posted.get(f.code))
        if n.error:
            errors[f.code] = n.error
        elif n.value is not None:
            values[f.code] = n.value
    return values, errors


# ---------------------------------------------------------------- JSON Schema of stored answers


def _field_schema(exam: Exam, f: Field) -> dict[str, Any]:
    s: dict[str, Any]
    if f.type in BOOLEAN_TYPES:
        return {"type": "boolean"}
    if f.type == "integer":
        s = {"type": "integer"}
        if isinstance(f.min, int):
            s["minimum"] = f.min
        if isinstance(f.max, int):
            s["maximum"] = f.max
        return s
    if f.type == "date":
        return {"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}
    if f.type in ("select", "radio"):
        return {"type": "string", "enum": [c.value for c in f.choices]}
    if f.type == "category":
        return {"type": "string", "enum": [c.code for c in exam.categories]}
    if f.type == "speciality":
        return {"type": "string", "enum": speciality_codes(exam)}
    if f.type == "forme":
        formes = sorted({fo for c in exam.categories for fo in c.formes})
        return {"type": "string", "enum": formes}
    s = {"type": "string", "minLength": max(f.min_length or 0, 1)}
    if f.max_length is not None:
        s["maxLength"] = f.max_length
    if f.type == "email":
        s["format"] = "email"
        s["pattern"] = EMAIL_PATTERN
    elif f.type == "phone":
        s["pattern"] = PHONE_PATTERN
    elif f.type == "postal_code":
        s["pattern"] = POSTAL_CODE_PATTERN
    elif f.pattern and f.type in ("text", "textarea"):
        # The wizard matches the whole value; say so to the schema, which searches.
        s["pattern"] = f"^(?:{f.pattern})$"
    return s


def speciality_codes(exam: Exam) -> list[str]:
    """Values a `speciality` field may hold: every speciality, then its variants."""
    out: list[str] = []
    for sp in exam.specialities:
        out.append(sp.code)
        out.extend(v.code for v in sp.variants)
    return out


def all_unit_codes(exam: Exam) -> list[str]:
    """Every unit code an answer may name, units of correspondences' former specialities too."""
    seen: dict[str, None] = {u.code: None for u in exam.common_units}
    for sp in exam.specialities:
        for u in sp.units:
            seen.setdefault(u.code, None)
    for r in exam.acquis_rules:
        for c in r.correspondences:
            seen.setdefault(c.unit, None)
    return list(seen)


def answers_json_schema(exam: Exam) -> dict[str, Any]:
    """Draft 2020-12 JSON Schema of the stored answers of `exam` (see the module docstring).

    It checks the shape and each value's type and choices; what depends on other answers
    (visibility, requiredness, eligibility) is the wizard's job.
    """
    units = all_unit_codes(exam)
    unit_by_code = {u.code: u for u in exam.common_units}
    for sp in exam.specialities:
        for u in sp.units:
            unit_by_code.setdefault(u.code, u)
    # Forme progressive lets a candidate choose compulsory units too: any unit may be chosen.
    choosable = list(units) if any("progressive" in c.formes for c in exam.categories) else [
        c for c in units if c in unit_by_code and unit_by_code[c].optional]
    for g in exam.choice_groups:
        choosable.extend(c for c in g.units if c not in choosable)
    with_languages = {c: list(u.languages) or [a.value for a in u.activities]
                      for c, u in unit_by_code.items() if u.languages or u.activities}
    unit_enum: dict[str, Any] = {"type": "string", "enum": units} if units else {"not": {}}
    year = {"type": "integer", "minimum": 1900, "maximum": 2200}
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:examforms:answers:{exam.code}:{exam.version}",
        "title": f"Réponses d'une candidature {exam.short_label}",
        "type": "object",
        "additionalProperties": False,
        "required": ["fields", "acquis", "units"],
        "properties": {
            "fields": {
                "type": "object",
                "additionalProperties": False,
                "properties": {f.code: _field_schema(exam, f) for f in exam.fields},
            },
            "acquis": {
                "type": "object",
                "additionalProperties": False,
                "required": ["diplomas", "grades", "renounced"],
                "properties": {
                    "diplomas": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["diploma", "year"],
                            "properties": {
                                "diploma": {"enum": [d.code for d in exam.diplomas]}
                                if exam.diplomas else {"not": {}},
                                "year": year,
                                "academy": {"type": "string"},
                            },
                        },
                    },
                    "grades": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["unit", "grade", "year"],
                            "properties": {
                                "unit": unit_enum,
                                "grade": {"type": "number", "minimum": 0, "maximum": 20},
                                "year": year,
                                "academy": {"type": "string"},
                                "speciality": {"type": "string"},
                            },
                        },
                    },
                    "renounced": {"type": "array", "uniqueItems": True, "items": unit_enum},
                },
            },
            "units": {
                "type": "object",
                "additionalProperties": False,
                "required": ["chosen", "languages"],
                "properties": {
                    "chosen": {
                        "type": "array",
                        "uniqueItems": True,
                        "items": {"enum": choosable} if choosable else {"not": {}},
                    },
                    "languages": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            code: {"type": "string", "enum": langs}
                            for code, langs in with_languages.items()
                        },
                    },
                },
            },
        },
    }


# ---------------------------------------------------------------- checks of one stored value

MSG_REQUIRED = "Ce champ est obligatoire."
MSG_MUST_TICK = "Vous devez cocher cette case pour continuer."
MSG_INVALID = "La valeur saisie n'est pas valide."
MSG_POSTAL_CODE = "Le code postal doit comporter 5 chiffres."
MSG_EMAIL = "L'adresse mail n'est pas valide."
MSG_PHONE = "Le numéro de téléphone doit comporter 10 chiffres (par exemple 0612345678)."
MSG_PATTERN = "Le format de ce champ n'est pas valide."
MSG_NOT_OFFERED = "Ce choix n'est pas proposé."

def bound_date(bound: object, calendar: SessionCalendar | None) -> dt.date | None:
    """A field's `min`/`max` date: as compiled (a date, or a RelativeDate resolved with the
    session calendar); an ISO text or a `{session: …}` mapping in a hand-built field."""
    if isinstance(bound, RelativeDate):
        return calendar.resolve(bound) if calendar is not None else None
    if isinstance(bound, dt.date):
        return bound
    if isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    if isinstance(bound, Mapping) and calendar is not None:
        rel = RelativeDate(
            session=bound["session"], years=int(bound.get("years", 0)),
            months=int(bound.get("months", 0)), days=int(bound.get("days", 0)),
        )
        return calendar.resolve(rel)
    return None


# A free text without a max_length in its spec is still bounded: nothing a candidate types is
# stored, printed or mailed at any length.
DEFAULT_MAX_LENGTH = 255
DEFAULT_TEXTAREA_MAX_LENGTH = 2000


def max_length_of(field: Field) -> int:
    if field.max_length is not None:
        return field.max_length
    return DEFAULT_TEXTAREA_MAX_LENGTH if field.type == "textarea" else DEFAULT_MAX_LENGTH


def check_value(field: Field, value: object, calendar: SessionCalendar | None = None) -> str | None:
    """The French message when a stored, answered value breaks its field's own rules."""
    t = field.type
    if t in BOOLEAN_TYPES:
        return None if isinstance(value, bool) else MSG_INVALID
    if t == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return MSG_INTEGER
        if isinstance(field.min, int) and value < field.min:
            return field.min_message or f"La valeur doit être supérieure ou égale à {field.min}."
        if isinstance(field.max, int) and value > field.max:
            return field.max_message or f"La valeur doit être inférieure ou égale à {field.max}."
        return None
    if not isinstance(value, str):
        return MSG_INVALID
    if t == "date":
        if not _ISO_DATE.match(value):
            return MSG_DATE_FORMAT
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return MSG_DATE_INVALID
        low, high = bound_date(field.min, calendar), bound_date(field.max, calendar)
        if low and day < low:
            return field.min_message or (
                f"La date doit être postérieure ou égale au {format_date_fr(low.isoformat())}.")
        if high and day > high:
            return field.max_message or (
                f"La date doit être antérieure ou égale au {format_date_fr(high.isoformat())}.")
        return None
    if t == "postal_code":
        return None if re.match(POSTAL_CODE_PATTERN, value) else MSG_POSTAL_CODE
    if t == "phone":
        return None if re.match(PHONE_PATTERN, value) else MSG_PHONE
    if t == "email" and not re.match(EMAIL_PATTERN, value):
        return MSG_EMAIL
    if field.min_length is not None and len(value) < field.min_length:
        return f"Ce champ doit comporter au moins {field.min_length} caractères."
    longest = max_length_of(field)
    if len(value) > longest:
        return f"Ce champ doit comporter au plus {longest} caractères."
    # re keeps the compiled patterns (the spec's are few).
    if field.pattern and t in ("text", "textarea") and not re.fullmatch(field.pattern, value):
        return field.pattern_message or MSG_PATTERN
    return None
