"""The input of a Confirmation d'inscription: everything the document prints, as frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# Generic wording of the national document (seeds/004 §4.1); the exam's own texts
# (consents, legal notice, unit groups) come from the spec through ConfirmationData.
DOCUMENT_TITLE = "CONFIRMATION D'INSCRIPTION"
DEFAULT_CERTIFY_TEXT = (
    "Ce document vaut inscription définitive à l'examen. Après signature aucune "
    "modification ne sera acceptée."
)
# The document's fixed sentences, printed by the PDF and by its accessible HTML version alike.
CONSENT_WARNING = "Attention à bien vérifier votre choix ci-dessous :"
SIGNATURE_LABEL = "Signature du candidat et du représentant légal si le candidat est mineur"
CORRECTION_NOTICE = (
    "Si les renseignements contenus dans ce document sont incorrects ou incomplets, "
    "corrigez-les en {red}."
)
ID_NOTICE = "Le jour de l'examen, une pièce d'identité avec photographie vous sera demandée."
MINISTRY_LINES: tuple[str, ...] = (
    "MINISTÈRE",
    "DE L'ÉDUCATION NATIONALE",
    "MINISTÈRE",
    "DE L'ENSEIGNEMENT SUPÉRIEUR,",
    "DE LA RECHERCHE",
    "ET DE L'INNOVATION",
)


@dataclass(frozen=True, slots=True)
class AcademyBlock:
    """The issuing academy and the exam office candidates write to."""

    label: str                                # "ACADÉMIE DE REIMS" (also the footer reference)
    name: str                                 # "Reims", printed under "académie" in the logo
    region: str = ""                          # "GRAND EST", after "RÉGION ACADÉMIQUE"
    ministry_lines: tuple[str, ...] = MINISTRY_LINES
    office_lines: tuple[str, ...] = ()        # "Rectorat", "Rue", "51000 CHALONS EN CHAMPAGNE"
    office_email: str = ""
    office_phone: str = ""


@dataclass(frozen=True, slots=True)
class CandidateBlock:
    """The candidate as printed: identity from the account, the rest from the candidature."""

    civility: str                             # "MONSIEUR" / "MADAME"
    last_name: str                            # nom de naissance, printed in capitals
    first_names: str
    birth_date: date
    birth_place: str                          # "RENNES - 035" (commune - département) or country
    usage_name: str = ""
    nationality: str = ""
    address_lines: tuple[str, ...] = ()       # postal address under the name
    phone: str = ""
    email: str = ""
    establishment: str = ""                   # "CLG DU MAZELOT - ANGLURE (0510001Z)"
    category: str = ""                        # "INDIVIDUEL (520)"
    accommodation_requested: bool = False     # aménagement d'épreuve au titre du handicap

    @property
    def full_name(self) -> str:
        return f"{self.civility} {self.last_name.upper()} {self.first_names}".strip()


@dataclass(frozen=True, slots=True)
class ExtraLine:
    """A labelled line of the candidature (Spécialité, Forme de passage, Option…)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One épreuve of the candidate: "001 - Entretien avec le jury  Inscrit  Ponctuel"."""

    code: str
    label: str
    status: str                               # "Inscrit", "Dispensé", "Bénéfice conservé", "Choisi"
    mode: str = ""                            # "Ponctuel", "CCF"
    reason: str = ""                          # why the status: "CAP obtenu en 2021"
    is_group: bool = False                    # a group line (E1): its sub-units follow


@dataclass(frozen=True, slots=True)
class UnitSection:
    """A group of units under its heading ("EPREUVE(S) PONCTUELLE(S)"), with an optional note."""

    title: str
    units: tuple[UnitRow, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Consent:
    """A consent question in full and the candidate's answer."""

    text: str
    accepted: bool


@dataclass(frozen=True, slots=True)
class ConfirmationData:
    """Everything one version of a Confirmation d'inscription prints.

    `version_at` is the moment the version was saved: an aware datetime, or a naive one
    meaning UTC (as SQLite returns it); it is printed in Paris time.
    """

    academy: AcademyBlock
    exam_label: str                           # "CERTIFICAT DE FORMATION GENERALE"
    version: int
    version_at: datetime
    candidate_number: str
    inscription_number: str
    session_label: str                        # "JUIN 2023"
    candidate: CandidateBlock
    unit_sections: tuple[UnitSection, ...] = ()
    consents: tuple[Consent, ...] = ()
    legal_notice: str = ""
    return_by: date | None = None             # "A RENVOYER IMPERATIVEMENT POUR LE …"
    extra_lines: tuple[ExtraLine, ...] = ()
    edited_on: date | None = None             # "Edité le"; defaults to the version's Paris date
    title: str = DOCUMENT_TITLE
    admin_reference: str = ""                 # footer reference; defaults to the academy label
    # The exam's text of the signature block (texts.confirmation_footer), before
    # "CERTIFIE EXACT"; the national wording when empty.
    certify_text: str = DEFAULT_CERTIFY_TEXT
