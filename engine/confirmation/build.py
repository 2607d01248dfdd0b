"""Helpers for the web side: the units table and consents from the engine's results and the spec."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from engine.confirmation.model import Consent, UnitRow, UnitSection

# Statuses whose reason the candidate must see on paper: the unit is not sat, or a
# grade is carried over. For the others the reason only repeats "épreuve obligatoire".
EXPLAINED_STATUSES = frozenset({"dispense", "benefice", "non_presente"})
# An optional unit the candidate did not pick is not part of the registration.
UNPRINTED_STATUSES = frozenset({"non_choisi"})


class UnitResult(Protocol):
    """What the rules engine says about one unit (engine.rules.UnitLine has these)."""

    @property
    def code(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def group_label(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def status_label(self) -> str: ...
    @property
    def mode_label(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def language(self) -> str | None: ...
    @property
    def language_label(self) -> str | None: ...
    @property
    def printed_code(self) -> str: ...
    @property
    def is_group(self) -> bool: ...


def unit_sections(units: Iterable[UnitResult], first_note: str = "") -> tuple[UnitSection, ...]:
    """The units grouped under their spec group label, in the spec's order.

    Codes are the règlement's (`printed_code`); a group line (E1 above E11 and E12) is a
    heading row without status or mode. `first_note` is printed under the first heading,
    as the CFG's "NB : Pensez à apporter le dossier…" (the spec's `texts.units_note`).
    """
    groups: dict[str, list[UnitRow]] = {}
    for unit in units:
        if unit.status in UNPRINTED_STATUSES:
            continue
        label = f"{unit.label} ({unit.language_label})" if unit.language else unit.label
        reason = unit.reason if unit.status in EXPLAINED_STATUSES else ""
        if unit.is_group:
            row = UnitRow(unit.printed_code, label, "", "", "", is_group=True)
        else:
            row = UnitRow(unit.printed_code, label, unit.status_label, unit.mode_label, reason)
        groups.setdefault(unit.group_label, []).append(row)
    return tuple(
        UnitSection(title, tuple(rows), first_note if index == 0 else "")
        for index, (title, rows) in enumerate(groups.items())
    )


def consents(labels: Mapping[str, str], answers: Mapping[str, object]) -> tuple[Consent, ...]:
    """One Consent per consent field, in the given order: its full label and the answer.

    `labels` maps field code → label as the spec writes it (exams/common/diffusion_resultats);
    an unanswered consent prints NON, as refusing is the safe reading.
    """
    return tuple(Consent(label, answers.get(code) is True) for code, label in labels.items())
