"""A date field's min/max, written as in conditions, are compiled once and bound the answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.answers import check_value
from engine.conditions import RelativeDate, SessionCalendar
from engine.spec.model import Field
from engine.specs import check_source

SPEC = """\
language: 1
exam: {code: mini, label: MINI, short_label: MINI, domain: examen, version: "1"}
tabs:
  - code: identite
    title: Identité
    role: fields
    save: true
    sections:
      - title: Identité
        fields:
          - code: naissance
            type: date
            label: Date de naissance
            min: 1900-01-01
            max: {session: start, years: -14, months: -6}
  - {code: numero, title: N°, role: receipt}
"""
SESSION = SessionCalendar(2025, dt.date(2025, 6, 2), dt.date(2024, 11, 15))


@pytest.fixture(scope="module")
def naissance() -> Field:
    checked = check_source(SPEC, Path("exams") / "mini.yaml")
    assert checked.problems == ()
    assert checked.exam is not None
    return checked.exam.fields[0]


def test_the_bounds_are_compiled_into_a_date_and_a_relative_date(naissance: Field) -> None:
    assert naissance.min == dt.date(1900, 1, 1)
    assert naissance.max == RelativeDate("start", years=-14, months=-6)


@pytest.mark.parametrize(("answer", "message"), [
    ("1899-12-31", "La date doit être postérieure ou égale au 01/01/1900."),
    ("1900-01-01", None),
    ("2010-12-02", None),
    ("2010-12-03", "La date doit être antérieure ou égale au 02/12/2010."),
])
def test_a_birth_date_outside_the_bounds_gets_a_french_message(
        naissance: Field, answer: str, message: str | None) -> None:
    assert check_value(naissance, answer, SESSION) == message
