"""What the Acquis tab tells the candidate after one of its buttons: where the focus goes back
and which dispenses or bénéfices were granted or withdrawn (read in a polite live region)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import session

from engine.decisions import UnitLine
from engine.rules import acquis_offers

SESSION_KEY = "acquis_feedback"
MSG_NOTHING_CHANGED = "Aucune dispense ni aucun bénéfice de note n'a changé."


def _granted(lines: tuple[UnitLine, ...]) -> dict[str, tuple[str, bool]]:
    """Unit code → (status, renounced) of what the rules grant it (a renounced one is still
    offered, with the status of a unit taken)."""
    return {d.unit: (d.status, d.renounced) for d in acquis_offers(lines)}


def _kind(status: str) -> str:
    return "Bénéfice de note" if status == "benefice" else "Dispense"


def _sentence(status: str, benefice: str, dispense: str, name: str) -> str:
    return f"{_kind(status)} {benefice if status == 'benefice' else dispense} : {name}."


def offer_changes(before: tuple[UnitLine, ...], after: tuple[UnitLine, ...]) -> str:
    """One sentence per unit whose dispense or bénéfice appeared, went away, was renounced
    (its box unticked) or kept again."""
    old, new = _granted(before), _granted(after)
    names = {u.code: f"{u.printed_code} - {u.label}" for u in (*before, *after)}
    said = []
    for code, (status, renounced) in new.items():
        if code not in old:
            said.append(_sentence(status, "accordé", "accordée", names[code]))
        elif renounced != old[code][1]:
            said.append(
                # Its status is now "inscrit": the kind is what it was while kept.
                _sentence(
                    old[code][0], "auquel vous renoncez", "à laquelle vous renoncez", names[code]
                )
                if renounced
                else _sentence(status, "de nouveau conservé", "de nouveau conservée", names[code])
            )
    for code, (status, _renounced) in old.items():
        if code not in new:
            said.append(_sentence(status, "retiré", "retirée", names[code]))
    return " ".join(said) or MSG_NOTHING_CHANGED


def focus_target(action: str, acquis: Mapping[str, Any]) -> str:
    """The element the candidate was on: the new blank row after Ajouter, the row that took
    the removed one's place after Retirer, the button itself after Mettre à jour."""
    diplomas, grades = len(acquis["diplomas"]), len(acquis["grades"])
    if action == "ajouter-diplome":
        return f"diplomes-{diplomas}-diploma"
    if action == "ajouter-note":
        return f"notes-{grades}-unit"
    if action.startswith("retirer-diplome-"):
        return f"diplomes-{min(_index(action), diplomas)}-diploma"
    if action.startswith("retirer-note-"):
        return f"notes-{min(_index(action), grades)}-unit"
    return "actualiser-acquis"


def _index(action: str) -> int:
    tail = action.rsplit("-", 1)[1]
    return int(tail) if tail.isdigit() else 0


def remember(draft_id: int, focus: str, announcement: str) -> None:
    """Kept for the page the redirect shows (that draft's page only, once)."""
    session[SESSION_KEY] = {"draft": draft_id, "focus": focus, "announce": announcement}


def recall(draft_id: int) -> dict[str, str]:
    if SESSION_KEY not in session:
        return {}
    kept = session.pop(SESSION_KEY, None)
    if not isinstance(kept, dict) or kept.get("draft") != draft_id:
        return {}
    return {"focus": str(kept.get("focus", "")), "announce": str(kept.get("announce", ""))}
