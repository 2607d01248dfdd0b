"""French sentences saying what a condition requires, for the Récapitulatif and the back office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from engine.conditions.nodes import (
    AcquisDeclared,
    Age,
    All,
    AnyOf,
    Compare,
    Condition,
    Const,
    IsSet,
    Not,
    RelativeDate,
    Scalar,
    UnitStatus,
)

_OPS = {
    "equals": "égal à", "not_equals": "différent de", "lt": "<", "le": "≤", "gt": ">", "ge": "≥",
    "in": "parmi", "not_in": "hors de",
}
_AGE_AT = {
    "session_year_end": "au 31/12 de l'année de session",
    "session_start": "au début de la session",
    "registration_close": "à la clôture des inscriptions",
}
# Date fields are « Date de … » (feminine), hence « antérieure au … ».
_DATE_OPS = {
    "equals": "égale au", "not_equals": "différente du", "lt": "antérieure au",
    "le": "antérieure ou égale au", "gt": "postérieure au", "ge": "postérieure ou égale au",
}
_SESSION = {
    "start": "début de la session",
    "year_end": "31/12 de l'année de session",
    "registration_close": "jour de clôture des inscriptions",
}
_STATUS = {
    "inscrit": "inscrite", "dispense": "dispensée", "benefice": "en bénéfice conservé",
    "non_choisi": "non choisie",
    "non_presente": "non présentée à cette session",
}
_UNITS = (("years", "an", "ans"), ("months", "mois", "mois"), ("days", "jour", "jours"))


def describe(
    cond: Condition | None,
    labels: Mapping[str, str],
    value_labels: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """One French sentence for the condition, e.g. « Pays de naissance différent de FRANCE ».

    `labels` names fields, diplomas and units by code (the code itself when missing);
    `value_labels` names the values of a field (field code → value → label).
    """
    return _Describer(labels, value_labels or {}).sentence(cond, top=True)


class _Describer:
    def __init__(self, labels: Mapping[str, str], values: Mapping[str, Mapping[str, str]]) -> None:
        self.labels = labels
        self.values = values

    def sentence(self, cond: Condition | None, top: bool = False) -> str:
        if cond is None or isinstance(cond, Const):
            return "toujours" if cond is None or cond.value else "jamais"
        if isinstance(cond, All | AnyOf):
            if not cond.items:
                return "toujours" if isinstance(cond, All) else "jamais"
            joiner = " et " if isinstance(cond, All) else " ou "
            text = joiner.join(self.sentence(c) for c in cond.items)
            return text if top or len(cond.items) == 1 else f"({text})"
        if isinstance(cond, Not):
            return f"non ({self.sentence(cond.item, top=True)})"
        if isinstance(cond, IsSet):
            return f"{self.label(cond.field)} {'renseigné' if cond.expected else 'non renseigné'}"
        if isinstance(cond, Compare):
            return self.compare(cond)
        if isinstance(cond, Age):
            return f"âge {_AGE_AT[cond.at]} {_OPS[cond.op]} {cond.years} ans"
        if isinstance(cond, AcquisDeclared):
            return f"diplôme déclaré : {self.label(cond.diploma)}"
        if isinstance(cond, UnitStatus):
            return f"épreuve {self.label(cond.unit)} {_STATUS[cond.status]}"
        return "condition inconnue"

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def compare(self, cond: Compare) -> str:
        name = self.label(cond.field)
        if isinstance(cond.value, tuple):
            listed = ", ".join(self.value(cond.field, v) for v in cond.value)
            return f"{name} {_OPS[cond.op]} ({listed})"
        if isinstance(cond.value, bool) and cond.op in ("equals", "not_equals"):
            yes = cond.value == (cond.op == "equals")
            return f"{name} : {'oui' if yes else 'non'}"
        if isinstance(cond.value, dt.date | RelativeDate):
            return f"{name} {_DATE_OPS[cond.op]} {self.value(cond.field, cond.value)}"
        return f"{name} {_OPS[cond.op]} {self.value(cond.field, cond.value)}"

    def value(self, field: str, value: Scalar) -> str:
        if isinstance(value, bool):
            return "oui" if value else "non"
        if isinstance(value, RelativeDate):
            return _relative(value)
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        if isinstance(value, str):
            return self.values.get(field, {}).get(value, value)
        return str(value)


def _relative(value: RelativeDate) -> str:
    text = _SESSION[value.session]
    for key, one, many in _UNITS:
        amount = getattr(value, key)
        if amount:
            sign = "plus" if amount > 0 else "moins"
            text += f" {sign} {abs(amount)} {one if abs(amount) == 1 else many}"
    return text
