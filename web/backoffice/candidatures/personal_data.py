"""Personal data corrected by the office at the candidate's request, saved as a new version.

Two parts: the account's civil status (locked for the candidate once a candidature exists)
and the answers of the identification tab (address, phones, nationality…), checked by the
engine exactly as the wizard checks them. The save is the registration's own
(`save_candidature` with an `OfficeSave`): new version, new PDF, mail, filter columns, and
the audit entry, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from engine.forms import display_value
from engine.spec.model import Exam, Tab
from engine.submission import submit_tab
from engine.wizard import WizardState
from web.backoffice import audit
from web.core import reference
from web.core.models import Account, Candidature
from web.registration.context import account_values
from web.registration.service import OfficeSave, save_candidature

# The shared identification fragment's address field marks its tab, whatever the exam.
ADDRESS_FIELD = "adresse_1"
ACTION_EDITED = "candidature.personal_data_edited"
CIVIL_LABELS = {
    "sexe": "Sexe",
    "nom_naissance": "Nom de naissance",
    "nom_usage": "Nom d'usage",
    "prenoms": "Prénoms",
    "date_naissance": "Date de naissance",
    "pays_naissance": "Pays de naissance",
    "departement_naissance": "Département de naissance",
    "commune_naissance": "Commune de naissance",
}
SEXES = {"F": "Féminin", "M": "Masculin"}


def identification_tab(exam: Exam) -> Tab | None:
    return next((t for t in exam.tabs if any(f.code == ADDRESS_FIELD for f in t.fields)), None)


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Correction:
    """What the office typed, checked: the account's changes, the new answers, the diff."""

    account_changes: dict[str, Any]
    state: WizardState
    errors: dict[str, str]
    changes: tuple[Change, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _civil_text(account: Account | Mapping[str, Any], name: str) -> str:
    get = account.get if isinstance(account, Mapping) else lambda k: getattr(account, k)
    value = get(name)
    if name == "sexe":
        return SEXES.get(value or "", value or "")
    if name == "date_naissance":
        return value.strftime("%d/%m/%Y") if isinstance(value, date) else ""
    if name == "pays_naissance":
        return reference.country_label(value) if value else ""
    if name == "departement_naissance":
        return reference.departement_label(value) if value else ""
    if name == "commune_naissance":
        return str(get("commune_naissance_label") or value or "")
    return str(value or "")


def _changed_attributes(account: Account, civil: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in civil.items() if getattr(account, k) != v}


def _answer_text(state: WizardState, code: str) -> str:
    view = state.field(code)
    return display_value(view) if view is not None and view.value is not None else ""


def check(exam: Exam, tab: Tab, before: WizardState, account: Account,
          civil: Mapping[str, Any], posted: Mapping[str, Any]) -> Correction:
    """The engine's verdict on the identification tab with the corrected civil status."""
    account_changes = _changed_attributes(account, civil)
    values = account_values(account, account_changes)
    submitted = submit_tab(exam, before.answers, tab.code, posted, before.calendar, values)
    changes = [Change(CIVIL_LABELS[k], _civil_text(account, k), _civil_text(civil, k))
               for k in CIVIL_LABELS if k in account_changes or (
                   k == "commune_naissance" and "commune_naissance_label" in account_changes)]
    for f in tab.fields:
        if f.from_account:
            continue
        old, new = _answer_text(before, f.code), _answer_text(submitted.state, f.code)
        if old != new:
            changes.append(Change(f.summary_label or f.label, old, new))
    return Correction(account_changes, submitted.state, dict(submitted.errors), tuple(changes))


def save(db: Session, actor: Account, exam: Exam, candidature: Candidature, account: Account,
         correction: Correction) -> Candidature:
    """The new version, its PDF and mail, and the audit entry (RegistrationRefused if the
    answers no longer hold together, e.g. another tab now has an error)."""
    before = {c.label: c.before for c in correction.changes}
    after = {c.label: c.after for c in correction.changes}

    def record(db: Session, saved: Candidature, _account: Account) -> None:
        audit.record(db, actor, ACTION_EDITED, academy_code=saved.academy_code,
                     target=("candidature", saved.id),
                     before={"version": saved.version - 1, **before},
                     after={"version": saved.version, **after})

    return save_candidature(
        db, account, exam, candidature.session, candidature.academy_code,
        correction.state.answers, existing=candidature,
        office=OfficeSave(account_changes=correction.account_changes, before_commit=record),
    )
