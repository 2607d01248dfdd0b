"""The Confirmation d'inscription of one saved version, built from the wizard state."""

from __future__ import annotations

from datetime import datetime

from engine import reference as engine_reference
from engine.confirmation import (
    AcademyBlock,
    CandidateBlock,
    ConfirmationData,
    ExtraLine,
    consents,
    render_confirmation_accessible,
    render_confirmation_pdf,
)
from engine.confirmation.from_state import exam_parts, printed_answer
from engine.forms import display_value
from engine.wizard import WizardState
from web.core import reference
from web.core.models import AcademyOffice, Account, Candidature, ExamSession

# Codes of the shared fragments (exams/common/identification, diffusion_resultats, amenagement):
# every exam includes them, so the confirmation can name them without knowing the exam.
ADDRESS_LINES = ("adresse_1", "adresse_2", "adresse_3", "adresse_4")
CONSENT_PREFIX = "consentement_"
EXTRA_TYPES = ("speciality", "forme")


def shown(state: WizardState, code: str) -> str:
    """The answer to `code` as the candidate reads it; "" when hidden or unanswered."""
    view = state.field(code)
    return display_value(view) if view is not None and view.value is not None else ""


def academy_block(academy_code: str, office: AcademyOffice | None) -> AcademyBlock:
    found = engine_reference.academy(academy_code)
    office_lines: tuple[str, ...] = ()
    if office is not None:
        office_lines = (office.name, *(line.strip() for line in office.address.split(",")))
    return AcademyBlock(
        label=found.label if found else academy_code,
        name=found.name if found else academy_code,
        region=found.region_academique if found else "",
        office_lines=tuple(line for line in office_lines if line),
        office_email=office.email if office else "",
        office_phone=office.phone if office else "",
    )


# The confirmation names the candidate as the guide's example does ("MONSIEUR COPTER Eli");
# the pages call the field "Sexe", as the account does.
CIVILITIES = {"M": "MONSIEUR", "F": "MADAME"}


def candidate_block(state: WizardState, account: Account) -> CandidateBlock:
    fields = state.answers["fields"]
    commune = shown(state, "commune_naissance") or account.commune_naissance_label
    # "RENNES - 035" as on the guide's example: the département as its list writes the code.
    departement = (shown(state, "departement_naissance").split(" - ")[0]
                   or fields.get("departement_naissance") or account.departement_naissance)
    if commune:
        birth_place = f"{commune.upper()} - {departement}" if departement else commune.upper()
    else:
        birth_place = shown(state, "pays_naissance") or reference.country_label(
            account.pays_naissance
        )
    postal = " ".join(v for v in (fields.get("code_postal", ""), shown(state, "localite")) if v)
    address = [shown(state, code) for code in ADDRESS_LINES]
    address.append(postal)
    country = shown(state, "adresse_pays")
    if country:
        address.append(country)
    assert account.date_naissance is not None  # an activated account always has one
    return CandidateBlock(
        civility=CIVILITIES.get(account.sexe, account.sexe),
        last_name=account.nom_naissance,
        first_names=account.prenoms,
        birth_date=account.date_naissance,
        birth_place=birth_place,
        usage_name=account.nom_usage,
        nationality=shown(state, "nationalite"),
        address_lines=tuple(line for line in address if line),
        phone=shown(state, "telephone_mobile") or shown(state, "telephone_personnel"),
        # A pupil's account has no address: the one the Identification tab asked for.
        email=account.email or str(fields.get("email") or ""),
        # With their official codes: "INDIVIDUEL (520)", "CLG DU MAZELOT - ANGLURE (0510001Z)".
        establishment=printed_answer(state, "etablissement"),
        category=printed_answer(state, "categorie"),
        accommodation_requested=fields.get("amenagement") is True,
    )


def confirmation_data(
    state: WizardState,
    candidature: Candidature,
    account: Account,
    session: ExamSession,
    office: AcademyOffice | None,
    saved_at: datetime,
    candidate_number: str | None = None,
) -> ConfirmationData:
    """What the PDF prints; `candidate_number` replaces the account's (one reserved for it)."""
    exam = state.exam
    consent_labels = {
        f.code: f.label for f in exam.fields
        if f.type == "yesno" and f.code.startswith(CONSENT_PREFIX)
    }
    extra = tuple(
        ExtraLine(view.field.summary_label or view.label, display_value(view))
        for tab in state.tabs
        for view in tab.fields
        if view.field.type in EXTRA_TYPES and view.value is not None
    )
    parts = exam_parts(state)
    # The exam office's return date, when it set one, wins over the one the exam gives.
    office_part = next(
        (p for p in session.academies if p.academy_code == candidature.academy_code), None
    )
    if office_part is not None and office_part.return_by is not None:
        parts["return_by"] = office_part.return_by
    return ConfirmationData(
        academy=academy_block(candidature.academy_code, office),
        exam_label=exam.label,
        version=candidature.version,
        version_at=saved_at,
        candidate_number=candidate_number or account.candidate_number or "",
        inscription_number=candidature.inscription_number or "",
        session_label=session.label,
        candidate=candidate_block(state, account),
        consents=consents(consent_labels, state.answers["fields"]),
        extra_lines=extra,
        # Units, legal notice, the spec's signature-block text and the exam's return date
        # (a piece due earlier, the medical certificate, no longer pulls it back).
        **parts,
    )


def render_pdf(data: ConfirmationData) -> bytes:
    return render_confirmation_pdf(data)


def render_accessible(data: ConfirmationData) -> str:
    """The PDF's accessible HTML version, from the same data."""
    return render_confirmation_accessible(data)
