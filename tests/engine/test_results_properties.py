"""Properties of the results rules on the shipped CAP and (computable) Bac Pro specs."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.results import ResultDecision, evaluate_result
from tests.engine.results_support import exam, lines
from tests.engine.test_results_bacpro import BACPRO, agora_lines

GRADE = st.integers(0, 2000).map(lambda n: Decimal(n).scaleb(-2))
AEPE = lines("cap", "aepe")
AEPE_CODES = ["EP1", "EP2", "EP3", "EG1", "EG2", "EG3", "EG4"]
AGORA = agora_lines()
AGORA_CODES = ["E11", "E12", "E31", "E32", "E33", "PSE", "E41", "E42", "E51", "E52", "E6", "E7"]
RANK = {"ajourne": 0, "second_groupe": 1, "admis": 2}


def cap(grades: dict[str, object], units: object = AEPE) -> ResultDecision:
    return evaluate_result(exam("cap"), units, grades, session_year=2026,  # type: ignore[arg-type]
                           speciality="aepe")


def bacpro(grades: dict[str, object], control: object = None) -> ResultDecision:
    return evaluate_result(BACPRO, AGORA, grades, session_year=2026, speciality="agora",
                           control_grade=control)


def mention_rank(d: ResultDecision) -> Decimal:
    return d.mention.min_average if d.mention else Decimal(-1)


def never_worse(low: ResultDecision, high: ResultDecision) -> None:
    assert low.average is not None and high.average is not None
    assert high.average >= low.average
    assert RANK[high.status] >= RANK[low.status]
    if low.status == high.status == "admis" and low.control is None and high.control is None:
        assert mention_rank(high) >= mention_rank(low)


@given(st.lists(GRADE, min_size=7, max_size=7), st.sampled_from(AEPE_CODES), GRADE)
def test_raising_a_cap_grade_never_lowers_the_average_nor_worsens_the_decision(
    grades: list[Decimal], unit: str, raise_by: Decimal
) -> None:
    low = dict(zip(AEPE_CODES, grades, strict=True))
    high = {**low, unit: min(low[unit] + raise_by, Decimal(20))}
    never_worse(cap(low), cap(high))


@given(st.lists(GRADE, min_size=12, max_size=12), st.sampled_from(AGORA_CODES), GRADE)
def test_raising_a_bac_pro_grade_never_lowers_the_average_nor_worsens_the_decision(
    grades: list[Decimal], unit: str, raise_by: Decimal
) -> None:
    low = dict(zip(AGORA_CODES, grades, strict=True))
    high = {**low, unit: min(low[unit] + raise_by, Decimal(20))}
    never_worse(bacpro(low), bacpro(high))


@given(st.lists(GRADE, min_size=12, max_size=12), GRADE, GRADE)
def test_raising_the_control_grade_never_worsens_the_bac_pro_decision(
    grades: list[Decimal], control: Decimal, raise_by: Decimal
) -> None:
    marks = dict(zip(AGORA_CODES, grades, strict=True))
    low, high = bacpro(marks, control), bacpro(marks, min(control + raise_by, Decimal(20)))
    assert RANK[high.status] >= RANK[low.status]


@given(st.lists(GRADE, min_size=7, max_size=7), GRADE)
def test_grading_a_chosen_optional_unit_never_lowers_the_average(
    grades: list[Decimal], optional: Decimal
) -> None:
    cuisine = lines("cap", "cuisine", chosen=("UF_LV",), languages={"UF_LV": "espagnol"})
    marks = dict(zip(["EP1", "EP2", "EG1", "EG2", "EG3", "EG4", "EG5"], grades, strict=True))
    absent = evaluate_result(exam("cap"), cuisine, {**marks, "UF_LV": "ABS"},
                             session_year=2026, speciality="cuisine")
    graded = evaluate_result(exam("cap"), cuisine, {**marks, "UF_LV": optional},
                             session_year=2026, speciality="cuisine")
    assert absent.average is not None and graded.average is not None
    assert graded.average >= absent.average
    assert RANK[graded.status] >= RANK[absent.status]


@given(st.lists(GRADE, min_size=3, max_size=3), st.lists(GRADE, min_size=4, max_size=4))
def test_a_dispensed_unit_never_counts_whatever_grade_is_entered_for_it(
    professional: list[Decimal], entered: list[Decimal]
) -> None:
    dispensed = lines("cap", "aepe", diplomas=(("bac", 2015),))
    marks: dict[str, object] = dict(zip(["EP1", "EP2", "EP3"], professional, strict=True))
    alone = cap(marks, dispensed)
    typed = cap({**marks, **dict(zip(["EG1", "EG2", "EG3", "EG4"], entered, strict=True))},
                dispensed)
    assert (typed.status, typed.average, typed.explanation) == (
        alone.status, alone.average, alone.explanation)


@given(st.lists(GRADE, min_size=7, max_size=7), st.sampled_from(AEPE_CODES))
def test_an_absence_from_a_compulsory_cap_unit_always_refuses_the_diploma(
    grades: list[Decimal], unit: str
) -> None:
    d = cap({**dict(zip(AEPE_CODES, grades, strict=True)), unit: "ABS"})
    assert (d.status, d.average, d.mention) == ("ajourne", None, None)
    assert d.explanation == f"Ajourné : absent(e) à {unit}, épreuve obligatoire"
