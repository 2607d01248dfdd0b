"""An academy's establishments as its exam office maintains them: add, correct, deactivate.

Request-free rules, like web.backoffice.sessions: every change writes its row, replaces the
academy's version token (web.core.establishments.touch) and its audit entry in the caller's
transaction; the caller commits. A refusal raises EstablishmentRefused before any change.
The CSV import is in web.backoffice.establishment_import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import reference as ref
from engine.establishments import NATIONAL, UAI_LETTERS, Establishment, uai_is_valid
from web.backoffice import audit
from web.backoffice.refusals import Refused
from web.core import establishments as source
from web.core import reference
from web.core.establishments import AcademyList, Listed
from web.core.models import ESTABLISHMENT_LABEL_MAX, Account, EstablishmentEntry, utcnow
from web.core.text import search_key

NATIONAL_SLUG = "national"  # the national entries (CNED) in URLs: the academy code is ""
PAGE_SIZE = 50

MSG_UAI_FORMAT = "L'UAI comporte 7 chiffres suivis d'une lettre, par exemple 0510001Z."
MSG_UAI_LETTER = (
    "La lettre de contrôle ne correspond pas aux 7 chiffres de cet UAI : vérifiez-le sur "
    "l'annuaire de l'éducation."
)
MSG_ALREADY_HERE = "Cet établissement figure déjà dans la liste : {label}."
MSG_ALREADY_INACTIVE = (
    "Cet établissement figure déjà dans la liste, désactivé : {label}. Réactivez-le depuis la "
    "liste plutôt que de l'ajouter."
)
MSG_OTHER_ACADEMY = "L'UAI {uai} est celui d'un établissement de {academy} : {label}."
MSG_LABEL = (
    f"Indiquez le libellé de l'établissement ({ESTABLISHMENT_LABEL_MAX} caractères au plus), "
    "par exemple LYCÉE COLBERT - REIMS."
)
MSG_LABEL_CHARACTERS = "Le libellé ne peut contenir ni retour à la ligne ni caractère de contrôle."
MSG_DEPARTEMENT = "Choisissez un département de l'académie."
MSG_UNKNOWN_ACADEMY = "Choisissez une académie de la liste."


class EstablishmentRefused(Refused):
    """A change of an academy's list the rules refuse."""


# ------------------------------------------------------------------ academies and checks


def academy_slug(academy: str) -> str:
    return academy or NATIONAL_SLUG


def academy_of_slug(slug: str) -> str | None:
    """The academy code of a URL's slug, None when it names no academy."""
    if slug == NATIONAL_SLUG:
        return NATIONAL
    return slug if ref.academy(slug) is not None else None


def academy_name(academy: str) -> str:
    """'ACADÉMIE DE REIMS', or what the national entries are."""
    return reference.academy_label(academy) if academy else "ÉTABLISSEMENTS NATIONAUX (CNED)"


def academy_phrase(academy: str) -> str:
    """'l'académie de Reims', as a message names it."""
    found = ref.academy(academy)
    return f"l'académie de {found.name}" if found else "la liste nationale"


def candidates_phrase(academy: str) -> str:
    """'candidats de l'académie de Reims' (after 'les' or 'aux'), or of every academy."""
    found = ref.academy(academy)
    return f"candidats de l'académie de {found.name}" if found else (
        "candidats de toutes les académies")


def departements_of(academy: str) -> list[tuple[str, str]]:
    """(code, '051 - MARNE') of the academy's départements."""
    found = ref.academy(academy)
    codes = set(found.departements) if found else set()
    return [(c, label) for c, label in reference.departements() if c in codes]


def normalized_uai(text: str) -> str:
    return "".join(text.split()).upper()


def check_uai(uai: str) -> str:
    """The UAI as stored ('0510001z ' → '0510001Z'), or the French reason it is refused."""
    uai = normalized_uai(uai)
    if len(uai) != 8 or not uai[:7].isdigit() or uai[7] not in UAI_LETTERS:
        raise EstablishmentRefused(MSG_UAI_FORMAT, "uai")
    if not uai_is_valid(uai):
        raise EstablishmentRefused(MSG_UAI_LETTER, "uai")
    return uai


def normalized_label(text: str) -> str:
    """' lycée  Colbert ' → 'LYCÉE COLBERT': the list's labels are written in capitals."""
    return " ".join(text.split()).upper()


def check_label(text: str) -> str:
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text.replace("\t", " ")):
        raise EstablishmentRefused(MSG_LABEL_CHARACTERS, "label")
    label = normalized_label(text)
    if not label or len(label) > ESTABLISHMENT_LABEL_MAX:
        raise EstablishmentRefused(MSG_LABEL, "label")
    return label


def check_departement(academy: str, departement: str) -> str:
    if academy == NATIONAL and not departement:
        return ""
    dep = ref.departement(departement) if departement else None
    if dep is None or dep.academy != academy:
        raise EstablishmentRefused(MSG_DEPARTEMENT, "departement")
    return dep.code


def check_new_code(db: Session, academy: str, uai: str) -> None:
    """An UAI already listed, here or in another academy, cannot be added again."""
    found = source.find(db, uai)
    if found is None:
        return
    e = found.establishment
    if e.academy != academy:
        raise EstablishmentRefused(MSG_OTHER_ACADEMY.format(
            uai=uai, academy=academy_phrase(e.academy), label=e.label), "uai")
    message = MSG_ALREADY_HERE if found.active else MSG_ALREADY_INACTIVE
    raise EstablishmentRefused(message.format(label=e.printed_label), "uai")


# ------------------------------------------------------------------ the list, read


def academy_list(db: Session, academy: str) -> AcademyList:
    return source.academy_list(db, academy)


def find(db: Session, code: str) -> Listed | None:
    return source.find(db, code)


@dataclass(frozen=True)
class Page:
    rows: tuple[Listed, ...]
    total: int
    page: int
    pages: int


def search(listing: AcademyList, query: str = "", page: int = 1) -> Page:
    """The entries whose name or UAI contains the query (accents and case aside), a page."""
    key = search_key(query)
    rows = [line for line in listing.entries
            if not key or key in search_key(line.establishment.label)
            or key.replace(" ", "") in line.establishment.uai]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return Page(tuple(rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]), len(rows), page, pages)


def export_csv(listing: AcademyList) -> str:
    """The academy's current list (what candidates are offered) as the import reads it, with
    the origin of each line; the portal's entries without UAI are not establishments."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["uai", "libelle", "academie", "departement", "origine"])
    for line in listing.entries:
        e = line.establishment
        if line.active and e.uai:
            origin = ("liste nationale, libellé corrigé" if line.corrected else
                      "liste nationale" if line.national else "ajouté par l'académie")
            writer.writerow([e.uai, e.label, e.academy, e.departement, origin])
    return out.getvalue()


# ------------------------------------------------------------------ changes


def _who(actor: Account | None) -> str:
    return actor.email if actor is not None else "ligne de commande"


def _snapshot(e: Establishment, active: bool) -> dict[str, object]:
    return {"uai": e.uai, "label": e.label, "departement": e.departement, "active": active}


def row_of(db: Session, line: Listed, actor: Account | None) -> EstablishmentEntry:
    """The table's row of an entry: created, empty, the first time the office changes a
    shipped establishment."""
    row = db.scalar(select(EstablishmentEntry).where(EstablishmentEntry.code == line.code))
    if row is None:
        e = line.establishment
        row = EstablishmentEntry(code=e.code, academy_code=e.academy, uai=e.uai, label="",
                                 departement="", active=True, created_by=_who(actor))
        db.add(row)
    return row


def add(db: Session, actor: Account | None, academy: str, uai: str, label: str,
        departement: str) -> EstablishmentEntry:
    """Add an establishment to the academy's list: offered to candidates at once."""
    if academy != NATIONAL and ref.academy(academy) is None:
        raise EstablishmentRefused(MSG_UNKNOWN_ACADEMY, "academy")
    uai = check_uai(uai)
    label = check_label(label)
    departement = check_departement(academy, departement)
    check_new_code(db, academy, uai)
    now = utcnow()
    row = EstablishmentEntry(code=uai, academy_code=academy, uai=uai, label=label,
                             departement=departement, active=True, created_at=now,
                             created_by=_who(actor), updated_at=now, updated_by=_who(actor))
    db.add(row)
    db.flush()
    source.touch(db, academy)
    audit.record(db, actor, "establishment.added", academy_code=academy,
                 target=("establishment", row.id), summary=f"Ajout de {uai} {label}",
                 after=_snapshot(Establishment(uai, uai, label, academy, departement), True))
    return row


def correct_label(db: Session, actor: Account | None, line: Listed, label: str) -> bool:
    """Give the entry the office's label (the shipped one again clears the correction);
    False when it already reads so."""
    label = check_label(label)
    if label == normalized_label(line.establishment.label):
        return False
    row = row_of(db, line, actor)
    national = line.national_label or (line.establishment.label if line.national else "")
    row.label = "" if line.national and label == national else label
    row.updated_at, row.updated_by = utcnow(), _who(actor)
    db.flush()
    source.touch(db, line.establishment.academy)
    audit.record(db, actor, "establishment.label_corrected",
                 academy_code=line.establishment.academy, target=("establishment", row.id),
                 summary=f"Libellé de {line.establishment.uai or line.code} corrigé",
                 before={"label": line.establishment.label}, after={"label": label})
    return True


def set_active(db: Session, actor: Account | None, line: Listed, active: bool) -> bool:
    """Deactivate (no longer offered; still printed for the candidatures that chose it) or
    reactivate an entry; False when it already is."""
    if line.active == active:
        return False
    row = row_of(db, line, actor)
    now = utcnow()
    row.active = active
    row.deactivated_at = None if active else now
    row.updated_at, row.updated_by = now, _who(actor)
    db.flush()
    source.touch(db, line.establishment.academy)
    action = "establishment.reactivated" if active else "establishment.deactivated"
    audit.record(db, actor, action, academy_code=line.establishment.academy,
                 target=("establishment", row.id),
                 summary=f"{audit.ACTION_LABELS[action]} : {line.establishment.printed_label}",
                 before={"active": line.active}, after={"active": active})
    return True

