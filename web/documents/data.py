"""What every published document's template receives: the issuing office, the candidate,
the candidature and the document itself (docs/authoring.md lists the names)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.forms import display_value
from engine.wizard import WizardState
from web.core.catalogue import paris
from web.core.models import AcademyOffice, Account, Candidature
from web.registration.confirmation import academy_block, candidate_block, printed_answer, shown


def speciality_of(state: WizardState) -> tuple[str, str]:
    """(code, label) of the candidature's speciality; ("", "") for an exam without one."""
    for tab in state.tabs:
        for view in tab.fields:
            if view.field.type == "speciality" and view.value is not None:
                return str(view.value), display_value(view)
    return "", ""


# The address country that a letter posted in France leaves out (La Poste writes the country
# on international mail only); the confirmation keeps it, as the portal prints it.
HOME_COUNTRY = "FR"


def postal_lines(state: WizardState, lines: tuple[str, ...]) -> list[str]:
    """The address as posted from France: without its last line when that is France."""
    home = state.answers["fields"].get("adresse_pays") == HOME_COUNTRY
    if home and len(lines) > 1 and lines[-1] == shown(state, "adresse_pays"):
        return list(lines[:-1])
    return list(lines)


def common_data(
    candidature: Candidature,
    account: Account,
    office: AcademyOffice | None,
    state: WizardState,
    title: str,
    version: int,
    now: datetime,
) -> dict[str, Any]:
    academy = academy_block(candidature.academy_code, office)
    block = candidate_block(state, account)
    return {
        "document": {
            "title": title,
            "version": version,
            "date": paris(now).strftime("%d/%m/%Y"),
        },
        "academy": {
            "label": academy.label,
            "name": academy.name,
            "region": academy.region,
            "office_lines": list(academy.office_lines),
            "email": academy.office_email,
            "phone": academy.office_phone,
        },
        "candidate": {
            "civility": block.civility,
            "last_name": block.last_name.upper(),
            "first_names": block.first_names,
            "usage_name": block.usage_name,
            "full_name": block.full_name,
            "birth_date": block.birth_date.strftime("%d/%m/%Y"),
            "number": account.candidate_number or "",
            "email": block.email,
            "address_lines": postal_lines(state, block.address_lines),
        },
        "candidature": {
            "inscription_number": candidature.inscription_number or "",
            "exam": state.exam.label,
            "session": candidature.session.label,
            "speciality": speciality_of(state)[1],
            "category": printed_answer(state, "categorie"),
            "establishment": printed_answer(state, "etablissement"),
            "accommodation_requested": bool(candidature.accommodation_requested),
        },
    }
