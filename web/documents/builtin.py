"""The kinds of document the portal ships: demande and relance de pièces justificatives,
notification de mesures d'aménagement, convocation aux épreuves, and the relevé de notes
(web.documents.releve)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select

from web.candidate.pieces.groups import overview_of
from web.core.models import (
    PIECES_MISSING,
    PIECES_NONE,
    PIECES_NOT_COMPLIANT,
    AccommodationGrant,
    Candidature,
)
from web.documents import timetable
from web.documents.data import speciality_of
from web.documents.kinds import DocumentKind, DocumentRefused, Subject, register

MSG_NO_PIECES = "Aucune pièce justificative n'est demandée à cette candidature."
MSG_NOTHING_MISSING = (
    "Toutes les pièces de cette candidature sont fournies et aucune n'est non conforme : "
    "elle n'a pas de relance."
)
MSG_NO_MEASURES = (
    "Aucune mesure d'aménagement n'a été saisie pour cette candidature : saisissez-les sur "
    "sa page (« Mesures d'aménagement accordées »), puis relancez la publication."
)
MSG_NO_UNITS = "La candidature n'a aucune épreuve à passer (toutes dispensées ou conservées)."
MSG_NO_SLOT = (
    "Le calendrier des épreuves n'a pas d'horaire pour {units} : complétez-le, puis relancez "
    "la publication."
)
# Units the candidate sits at this session (not dispensed, not kept, not left unchosen).
TAKEN = ("inscrit", "choisi")
TO_GIVE = "À fournir"


def _pieces(subject: Subject) -> dict[str, Any]:
    """The pieces asked of the candidature with their state, and the earliest deadline of
    those still to give."""
    lines = subject.state.pieces()
    if not lines:
        raise DocumentRefused(MSG_NO_PIECES)
    overview = overview_of(subject.db, subject.candidature, lines)
    due = [p.deadline for p in overview.pieces if p.to_give or p.not_compliant]
    return {
        "pieces": [
            {
                "code": p.code,
                "label": p.label,
                "mode": p.line.delivery_label,
                "deadline": p.deadline.strftime("%d/%m/%Y"),
                "status": p.status_label or (TO_GIVE if p.to_give else "Fournie"),
                "comment": p.comment,
                "to_give": p.to_give or p.not_compliant,
            }
            for p in overview.pieces
        ],
        "deadline": min(due).strftime("%d/%m/%Y") if due else "",
    }


def pieces_request(subject: Subject) -> dict[str, Any]:
    return _pieces(subject)


def pieces_reminder(subject: Subject) -> dict[str, Any]:
    data = _pieces(subject)
    if not data["deadline"]:
        raise DocumentRefused(MSG_NOTHING_MISSING)
    return data


def accommodation_notice(subject: Subject) -> dict[str, Any]:
    grant = subject.db.get(AccommodationGrant, subject.candidature.id)
    measures = [line.strip(" -•\t") for line in (grant.measures if grant else "").splitlines()]
    measures = [m for m in measures if m]
    if not measures:
        raise DocumentRefused(MSG_NO_MEASURES)
    decided = grant.decided_on.strftime("%d/%m/%Y") if grant and grant.decided_on else ""
    return {"measures": measures, "decided_on": decided}


def convocation(subject: Subject) -> dict[str, Any]:
    candidature = subject.candidature
    taken = [u for u in subject.state.units if u.status in TAKEN and not u.children]
    if not taken:
        raise DocumentRefused(MSG_NO_UNITS)
    where = (candidature.session_id, candidature.academy_code)
    table = subject.once(("timetable", *where), lambda: timetable.lookup(subject.db, *where))
    speciality = speciality_of(subject.state)[0]
    rows, missing = [], []
    for unit in taken:
        entry = timetable.entry_for(table, unit.code, speciality)
        printed = unit.official_code or unit.code
        if entry is None:
            missing.append(f"{printed} - {unit.label}")
            continue
        rows.append(
            {
                "code": printed,
                "label": unit.label,
                "kind": unit.kind_label,
                "date": entry.day.strftime("%d/%m/%Y"),
                "time": entry.starts_at.strftime("%H:%M"),
                "duration": timetable.shown_duration(entry.duration_minutes),
                "centre": entry.centre,
                "address": entry.address,
                "sort": (entry.day, entry.starts_at),
            }
        )
    if missing:
        units = ", ".join(missing)
        raise DocumentRefused(
            MSG_NO_SLOT.format(
                units=("l'épreuve " if len(missing) == 1 else "les épreuves ") + units
            )
        )
    rows.sort(key=lambda r: r.pop("sort"))
    return {"units": rows}


def _with_pieces(query: Select[tuple[int]]) -> Select[tuple[int]]:
    return query.where(Candidature.pieces_status != PIECES_NONE)


def _missing_pieces(query: Select[tuple[int]]) -> Select[tuple[int]]:
    return query.where(Candidature.pieces_status.in_((PIECES_MISSING, PIECES_NOT_COMPLIANT)))


def _accommodation(query: Select[tuple[int]]) -> Select[tuple[int]]:
    return query.where(Candidature.accommodation_requested.is_(True))


def _every(query: Select[tuple[int]]) -> Select[tuple[int]]:
    return query


DEMANDE_PIECES = register(
    DocumentKind(
        "demande_pieces",
        "Demande de pièces justificatives",
        _with_pieces,
        pieces_request,
        "Aux candidatures à qui des pièces justificatives sont demandées.",
    )
)
RELANCE_PIECES = register(
    DocumentKind(
        "relance_pieces",
        "Relance de pièces justificatives",
        _missing_pieces,
        pieces_reminder,
        "Aux candidatures dont des pièces manquent ou sont non conformes.",
    )
)
NOTIFICATION_AMENAGEMENTS = register(
    DocumentKind(
        "notification_amenagements",
        "Notification de mesures d'aménagements",
        _accommodation,
        accommodation_notice,
        "Aux candidatures qui ont demandé un aménagement d'épreuves, avec les mesures saisies "
        "sur leur page.",
    )
)
CONVOCATION = register(
    DocumentKind(
        "convocation",
        "Convocation aux épreuves",
        _every,
        convocation,
        "À toutes les candidatures inscrites, d'après le calendrier des épreuves.",
    )
)

# The relevé de notes, last on "Publier des documents" (its module registers it).
import web.documents.releve  # noqa: E402,F401
