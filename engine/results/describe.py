"""The results rules in French sentences, for `python -m engine show` and the `engine doc` pages."""

from __future__ import annotations

from decimal import Decimal

from engine.results.grades import fr, points_text
from engine.spec.model import Exam
from engine.spec.model_results import ResultRules, SecondGroup


def _second_group(sg: SecondGroup, rules: ResultRules) -> str:
    labels = {g.code: g.label for g in rules.groups}
    pass_mark = fr(rules.pass_mark)
    needs = "".join(
        f", avec « {labels.get(r.group, r.group)} » d'au moins {fr(r.min_average)} (ou toutes "
        "ses unités dispensées)"
        for r in sg.requires
    )
    return (
        f"Second groupe ({sg.label}) : moyenne d'au moins {fr(sg.min_average)} et inférieure à "
        f"{pass_mark}{needs} ; moyenne finale = ({fr(sg.first_weight)} × moyenne + "
        f"{fr(sg.control_weight)} × note de l'{sg.label}) / "
        f"{fr(sg.first_weight + sg.control_weight)}, admis à partir de {fr(sg.pass_mark)}."
    )


def _scales(rules: ResultRules) -> list[str]:
    """The units that take only some points, those sharing a scale in one sentence."""
    by_scale: dict[tuple[Decimal, ...], list[str]] = {}
    for unit, points in rules.scales:
        by_scale.setdefault(points, []).append(unit)
    return [
        f"Points possibles pour {', '.join(units)} : {points_text(points)} (un par niveau)."
        for points, units in by_scale.items()
    ]


def describe_rules(rules: ResultRules) -> tuple[str, ...]:
    """Every rule of `rules`, one French sentence each."""
    if rules.unavailable:
        return (f"Résultat non calculable : {rules.unavailable}.",)
    mark = fr(rules.pass_mark)
    out: list[str] = []
    if rules.method == "points":
        out.append(f"Total des points des épreuves ; admis à partir de {mark} points.")
        if rules.out_of:
            out.append(
                "Notes sur : "
                + ", ".join(f"{u} {fr(m)} points" for u, m in rules.out_of)
                + " ; 20 pour une épreuve non citée."
            )
        out.extend(_scales(rules))
    else:
        out.append(
            f"Moyenne des unités affectées de leur coefficient ; admis à partir de {mark} sur 20."
        )
        out.append(
            f"Épreuves facultatives : seuls les points au-dessus de "
            f"{fr(rules.optional_above)} comptent (multipliés par leur coefficient, 1 s'il "
            "n'y en a pas)."
        )
    out.append("Unité dispensée : ne compte pas ; bénéfice : la note conservée compte.")
    out.append(
        "Absence à une épreuve obligatoire : "
        + ("le diplôme n'est pas délivré." if rules.absent == "eliminatory" else "note zéro.")
    )
    for g in rules.groups:
        need = (
            f"moyenne d'au moins {fr(g.min_average)} exigée"
            if g.min_average is not None
            else "moyenne affichée"
        )
        out.append(f"Groupe « {g.label} » ({', '.join(g.units)}) : {need}.")
    if rules.second_group:
        out.append(_second_group(rules.second_group, rules))
    if rules.mentions and rules.mentions.levels:
        levels = ", ".join(
            f"{m.label} à partir de {fr(m.min_average)}" for m in rules.mentions.levels
        )
        only = " (au premier groupe seulement)" if rules.mentions.first_group_only else ""
        out.append(f"Mentions : {levels}{only}.")
    if rules.method == "average":
        out.append(f"Moyennes affichées tronquées à {rules.decimals} décimales.")
    if rules.note:
        out.append(rules.note)
    return tuple(out)


def kept_rules(exam: Exam) -> tuple[str, ...]:
    """The grades a candidate not admitted keeps, from the acquis rules of type benefice."""
    out = []
    for r in exam.acquis_rules:
        if r.type == "benefice":
            years = f", pendant {r.within_years} ans" if r.within_years else ""
            out.append(
                f"Notes conservées si le candidat n'est pas admis : {', '.join(r.units)} "
                f"(au moins {fr_float(r.min_grade)} sur 20{years})."
            )
    return tuple(out)


def fr_float(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def results_overview(exam: Exam) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(title, sentences): the exam's rules, then each speciality whose rules differ."""
    out: list[tuple[str, tuple[str, ...]]] = []
    if exam.results is not None:
        out.append(("Règles de l'examen", describe_rules(exam.results) + kept_rules(exam)))
    for s in exam.specialities:
        if s.results is not None and s.results != exam.results:
            out.append((f"Spécialité {s.label}", describe_rules(s.results)))
        for v in s.variants:
            if v.results is not None and v.results != s.results:
                out.append((f"Variante {v.label}", describe_rules(v.results)))
    return tuple(out)
