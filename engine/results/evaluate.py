"""evaluate_result: a candidature's grades and the exam's results rules give its result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from engine.conditions import SessionCalendar
from engine.decisions import UnitLine
from engine.results import explain as ex
from engine.results.averages import group_results, overall, points_total, weighted
from engine.results.benefices import kept_grades
from engine.results.decision import (
    ControlResult,
    GroupResult,
    Mention,
    ResultDecision,
    ResultLine,
    ResultStatus,
)
from engine.results.grades import GradeInput, fr, parse_grade, truncate
from engine.results.lines import result_lines
from engine.spec.model import Exam
from engine.spec.model_results import ResultRules, SecondGroup


def results_rules(
    exam: Exam, speciality: str | None = None, variant: str | None = None
) -> ResultRules | None:
    """The rules of a variant or speciality (the exam's keys, then the speciality's, then the
    variant's), else the exam's. `speciality` may name a variant, as the speciality field's
    answer does ("aepe_agrement_am")."""
    for s in exam.specialities:
        for v in s.variants:
            if v.code == variant or v.code == speciality:
                return v.results
    for s in exam.specialities:
        if s.code == speciality:
            return s.results
    return exam.results


def _mention(rules: ResultRules, average: Decimal) -> Mention | None:
    if rules.mentions is None:
        return None
    best = None
    for level in rules.mentions.levels:
        if average >= level.min_average:
            best = Mention(level.code, level.label, level.min_average)
    return best


class _Outcome:
    """Builds the decision once the lines are known."""

    def __init__(
        self, exam: Exam, rules: ResultRules, lines: tuple[ResultLine, ...], session_year: int
    ):
        self.exam, self.rules, self.lines, self.year = exam, rules, lines, session_year
        self.d = rules.decimals

    def make(
        self,
        status: ResultStatus,
        explanation: str,
        average: Decimal | None = None,
        total: Decimal | None = None,
        groups: tuple[GroupResult, ...] = (),
        mention: Mention | None = None,
        control: ControlResult | None = None,
    ) -> ResultDecision:
        kept = () if status == "admis" else kept_grades(self.exam, self.lines, self.year)
        return ResultDecision(
            status,
            average,
            total,
            groups,
            mention,
            self.lines,
            kept,
            explanation,
            control,
            self.rules.note,
        )

    def blocking(self) -> ResultDecision | None:
        """Incomplete, not computable or eliminated: decided before any average."""
        if self.rules.unavailable:
            return self.make(
                "non_calculable", f"Résultat non calculable : {self.rules.unavailable}"
            )
        missing = [ln for ln in self.lines if ln.source == "missing"]
        later = [ln for ln in self.lines if ln.source == "not_presented"]
        if missing or later:
            parts = [
                f"note manquante pour {ex.codes(missing)}" if missing else "",
                f"{ex.codes(later)} non présentée(s) à cette session (forme progressive)"
                if later
                else "",
            ]
            return self.make("incomplet", ex.sentence("Résultat incomplet", parts))
        if self.rules.method == "average":
            nocoef = [
                ln for ln in self.lines if ln.counted and not ln.optional and ln.coefficient is None
            ]
            if nocoef:
                return self.make(
                    "non_calculable",
                    f"Résultat non calculable : coefficient inconnu pour {ex.codes(nocoef)}",
                )
            if not weighted(self.lines)[1]:
                return self.make(
                    "non_calculable", "Résultat non calculable : aucune unité notée ne compte"
                )
        absent = [
            ln for ln in self.lines if ln.source == "absent" and not ln.optional and not ln.counted
        ]
        if absent:
            return self.make(
                "ajourne", f"Ajourné : absent(e) à {ex.codes(absent)}, épreuve obligatoire"
            )
        return None

    def points(self) -> ResultDecision:
        total = points_total(self.lines)
        mark = self.rules.pass_mark
        text = f"total {fr(total)} points {'≥' if total >= mark else '<'} {fr(mark)}"
        if total >= mark:
            return self.make("admis", f"Admis : {text}", total=total)
        return self.make("ajourne", f"Ajourné : {text}", total=total)

    def average(self, control_grade: GradeInput) -> ResultDecision:
        rules, d = self.rules, self.d
        average, total = overall(self.lines, rules)
        assert average is not None  # blocking() rules out a zero weight
        groups = group_results(self.lines, rules)
        failed = [g for g in groups if g.met is False]
        parts = [f"moyenne {ex.compare(average, rules.pass_mark, d)}", *ex.groups_text(groups, d)]
        if average >= rules.pass_mark and not failed:
            mention = _mention(rules, average)
            return self.make(
                "admis",
                ex.sentence("Admis", [*parts, ex.mention_text(mention)]),
                average,
                total,
                groups,
                mention,
            )
        sg = rules.second_group
        if sg is not None and sg.min_average <= average < rules.pass_mark and not failed:
            return self.second_group(sg, average, total, groups, control_grade)
        if sg is not None and average < sg.min_average:
            parts[0] = f"moyenne {ex.compare(average, sg.min_average, d)}"
        return self.make("ajourne", ex.sentence("Ajourné", parts), average, total, groups)

    def second_group(
        self,
        sg: SecondGroup,
        average: Decimal,
        total: Decimal,
        groups: tuple[GroupResult, ...],
        control_grade: GradeInput,
    ) -> ResultDecision:
        d = self.d
        by_code = {g.code: g for g in groups}
        first = (
            f"moyenne {ex.avg(average, d)} entre {fr(sg.min_average)} et {fr(self.rules.pass_mark)}"
        )
        req_parts = []
        for r in sg.requires:
            g = by_code.get(r.group)
            if g is None:  # the speciality has none of the group's units
                continue
            if g.average is None:  # all dispensed: D.337-78 lets the candidate sit the control
                req_parts.append(f"{g.label} : toutes les unités dispensées")
                continue
            req_parts.append(f"{g.label} {ex.compare(g.average, r.min_average, d)}")
            if g.average < r.min_average:
                return self.make(
                    "ajourne", ex.sentence("Ajourné", [first, *req_parts]), average, total, groups
                )
        parsed = parse_grade(control_grade)
        if not isinstance(parsed, Decimal):
            control = ControlResult(sg.label, None, None)
            return self.make(
                "second_groupe",
                ex.sentence("Admissible au second groupe", [first, *req_parts, sg.label]),
                average,
                total,
                groups,
                control=control,
            )
        weight = sg.first_weight + sg.control_weight
        final = truncate((sg.first_weight * average + sg.control_weight * parsed) / weight, d)
        control = ControlResult(sg.label, parsed, final)
        said = f"{sg.label} {fr(parsed, 2)}, moyenne finale {ex.compare(final, sg.pass_mark, d)}"
        if final >= sg.pass_mark:
            mention = None
            if self.rules.mentions and not self.rules.mentions.first_group_only:
                mention = _mention(self.rules, final)
            return self.make(
                "admis",
                ex.sentence(
                    "Admis à l'issue du second groupe", [first, said, ex.mention_text(mention)]
                ),
                average,
                total,
                groups,
                mention,
                control,
            )
        return self.make(
            "ajourne",
            ex.sentence("Ajourné à l'issue du second groupe", [first, said]),
            average,
            total,
            groups,
            control=control,
        )


def evaluate_result(
    exam: Exam,
    units: Sequence[UnitLine],
    grades: Mapping[str, GradeInput],
    *,
    session_year: int,
    speciality: str | None = None,
    control_grade: GradeInput = None,
    variant: str | None = None,
) -> ResultDecision:
    """The result of a candidature's unit lines (engine.rules.compute_units) and its grades.

    `grades` maps unit codes to a grade out of 20 (Decimal, int or text such as "12,5"),
    "ABS", "DISP" or None (not entered). `control_grade` is the second group's grade once
    the candidate sat it. Raises GradeError (French message) on a grade that is not one.
    """
    rules = results_rules(exam, speciality, variant)
    if rules is None:
        return ResultDecision(
            "non_calculable",
            None,
            None,
            (),
            None,
            (),
            (),
            "Résultat non calculable : l'examen ne définit pas de règles de résultat",
        )
    lines = result_lines(units, grades, rules)
    outcome = _Outcome(exam, rules, lines, session_year)
    blocked = outcome.blocking()
    if blocked is not None:
        return blocked
    if rules.method == "points":
        return outcome.points()
    return outcome.average(control_grade)


def evaluate_candidature(
    exam: Exam,
    answers: Mapping[str, Any],
    grades: Mapping[str, GradeInput],
    calendar: SessionCalendar,
    control_grade: GradeInput = None,
) -> ResultDecision:
    """evaluate_result on a stored candidature's answers (engine.answers' stored form)."""
    from engine.rules import compute_units, selection

    sel = selection(exam, answers["fields"])
    return evaluate_result(
        exam,
        compute_units(exam, answers, calendar),
        grades,
        session_year=calendar.year,
        speciality=sel.speciality.code if sel.speciality else None,
        control_grade=control_grade,
        variant=sel.variant.code if sel.variant else None,
    )
