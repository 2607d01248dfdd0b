"""What the relevé de notes of a candidature prints: its grades, coefficients, result,
average, mention, explanation and the grades kept for the next sessions, as the template
data of the `releve_notes` document kind (web.documents.releve, docs/authoring.md)."""

from __future__ import annotations

from typing import Any

from engine.results import ResultDecision, fr

SOURCE_NOTES = {
    "benefice": "Note conservée d'une session antérieure (bénéfice)",
    "dispense": "Dispensé(e)",
    "absent": "Absent(e)",
}


def unit_labels(decision: ResultDecision) -> dict[str, str]:
    """Unit code → "EP1 - Organisation de la production de cuisine"."""
    return {line.code: f"{line.printed_code} - {line.label}" for line in decision.lines}


def kept_sentences(decision: ResultDecision) -> tuple[str, ...]:
    """ "EP1 - Pratique : 14/20, conservable jusqu'à la session 2031"."""
    if decision.admitted:
        return ()
    labels = unit_labels(decision)
    out = []
    for kept in decision.kept:
        until = f", conservable jusqu'à la session {kept.until_year}" if kept.until_year else ""
        out.append(f"{labels.get(kept.unit, kept.unit)} : {fr(kept.grade, 2)}/20{until}")
    return tuple(out)


def statement_data(decision: ResultDecision) -> dict[str, Any]:
    """The relevé's `results` (the names docs/authoring.md lists). The publication moment is
    not printed: moving it leaves the relevé as it is, shown from the new moment."""
    lines = [
        {
            "code": line.printed_code,
            "label": line.label,
            "coefficient": fr(line.coefficient) if line.coefficient is not None else "",
            "grade": f"{line.grade_text}/20"
            if line.grade is not None
            else (line.grade_text or "Non saisie"),
            "note": SOURCE_NOTES.get(line.source, ""),
        }
        for line in decision.lines
        if line.source != "not_chosen"
    ]
    explanation = [decision.explanation]
    control = decision.control
    if control is not None and control.grade is not None:
        explanation.append(f"{control.label} : {fr(control.grade, 2)}/20")
    return {
        "lines": lines,
        "decision": decision.status_label.upper(),
        "average": f"{fr(decision.average, 2)}/20" if decision.average is not None else "",
        "mention": decision.mention_label,
        "explanation": explanation,
        "kept": list(kept_sentences(decision)),
    }
