"""Correcting a pupil the office imported, while the candidature is still "Pré-inscrit": the
identity (nom, prénoms, sexe, date de naissance), the class, the speciality, the category and
the forme de passage.

The login stays what the import gave (the slip already handed out keeps working; reprinted,
it shows the corrected name). Once the pupil has saved the candidature it is "Inscrit" and is
corrected from its own page, as any candidature. Everything changes in one transaction: the
account, the candidature's answers, the pupil's class row and the audit entry; a pupil who
saves the candidature meanwhile wins, and nothing of the correction is kept.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.spec.model import Exam
from web.backoffice import audit
from web.backoffice.pupils.importer import PupilAnswers, Target, context_of
from web.backoffice.pupils.rows import PupilRow
from web.core.models import (
    CANDIDATURE_PREREGISTERED,
    Account,
    Candidature,
    SchoolPupil,
    utcnow,
)
from web.core.models.result_records import inputs_changed
from web.registration.indexing import filter_columns

ACTION = "pupils.corrected"
# The account attributes a correction changes (the others stay the account's own).
IDENTITY_KEYS = ("sexe", "nom_naissance", "prenoms", "date_naissance")


@dataclass(frozen=True)
class PupilValues:
    """What the office may correct, as the form shows it."""

    nom: str
    prenoms: str
    sexe: str
    born: date | None
    class_label: str
    speciality: str
    category: str
    forme: str


@dataclass(frozen=True)
class Options:
    """The choices the form offers: the session's specialities, the exam's categories and the
    formes each category permits."""

    specialities: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    formes: dict[str, tuple[str, ...]]


def editable(pupil: SchoolPupil) -> bool:
    return pupil.candidature.state == CANDIDATURE_PREREGISTERED


def target_of(pupil: SchoolPupil, exam: Exam) -> Target:
    return Target(exam, pupil.candidature.session, pupil.academy_code)


def options(db: Session, pupil: SchoolPupil, exam: Exam) -> Options:
    context = context_of(db, target_of(pupil, exam))
    return Options(
        context.speciality_choices(),
        [(c.code, c.label) for c in exam.categories],
        {c.code: c.formes for c in exam.categories},
    )


def _field_codes(exam: Exam) -> dict[str, str]:
    return {f.type: f.code for f in exam.fields if f.type in ("category", "speciality", "forme")}


def values_of(pupil: SchoolPupil, exam: Exam) -> PupilValues:
    account, fields = pupil.account, pupil.candidature.answers.get("fields") or {}
    codes = _field_codes(exam)
    return PupilValues(
        nom=account.nom_naissance,
        prenoms=account.prenoms,
        sexe=account.sexe,
        born=account.date_naissance,
        class_label=pupil.class_label,
        speciality=str(fields.get(codes.get("speciality", ""), "") or ""),
        category=str(fields.get(codes.get("category", ""), "") or ""),
        forme=str(fields.get(codes.get("forme", ""), "") or ""),
    )


def _row(pupil: SchoolPupil, values: PupilValues) -> PupilRow:
    assert values.born is not None, "a validated correction has its birth date"
    account = pupil.account
    return PupilRow(
        0,
        pupil.establishment_code,
        values.class_label,
        values.nom,
        account.nom_usage,
        values.prenoms,
        values.born,
        values.sexe,
        values.speciality,
        values.category,
        values.forme,
        account.email,
    )


def homonym_login(db: Session, pupil: SchoolPupil, values: PupilValues) -> str | None:
    """The login of another pupil of the session with the corrected identity, if any."""
    key = _row(pupil, values).identity_key
    return db.scalar(
        select(Account.login)
        .join(SchoolPupil, SchoolPupil.account_id == Account.id)
        .where(
            SchoolPupil.session_id == pupil.session_id,
            SchoolPupil.identity_key == key,
            SchoolPupil.id != pupil.id,
        )
    )


def apply(db: Session, actor: Account, pupil: SchoolPupil, exam: Exam, values: PupilValues) -> bool:
    """Write the correction (the caller commits); False, nothing written, when the
    candidature is no longer "Pré-inscrit" (the pupil saved it meanwhile)."""
    before = values_of(pupil, exam)
    if before == values:
        return True
    account, candidature = pupil.account, pupil.candidature
    row = _row(pupil, values)
    answers, fixed = PupilAnswers(exam).corrected(candidature.answers, row, IDENTITY_KEYS)
    columns = filter_columns(exam, answers)
    now = utcnow()
    moved = db.execute(
        update(Candidature)
        .where(
            Candidature.id == candidature.id,
            Candidature.state == CANDIDATURE_PREREGISTERED,
            Candidature.version == candidature.version,
        )
        .values(
            answers=answers,
            speciality_code=columns.speciality_code,
            category_code=columns.category_code,
            updated_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )
    if getattr(moved, "rowcount", 0) != 1:
        return False
    inputs_changed(db.connection(), [candidature.id])  # written without a flush
    account.sexe, account.nom_naissance, account.prenoms = row.sexe, row.nom, row.prenoms
    account.date_naissance = row.born
    account.school_preset = {**(account.school_preset or {}), exam.code: fixed}
    pupil.class_label, pupil.identity_key = row.class_label, row.identity_key
    old, new = asdict(before), asdict(values)
    changed = [k for k in new if old[k] != new[k]]
    audit.record(
        db,
        actor,
        ACTION,
        academy_code=pupil.academy_code,
        target=("account", account.id),
        summary=f"Correction de l'élève pré-inscrit {account.login}",
        before={f"pupil_{k}": old[k] for k in changed},
        after={f"pupil_{k}": new[k] for k in changed},
    )
    return True
