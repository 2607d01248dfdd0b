"""SQLAlchemy models shared by the portal's areas, one module per concept."""

from web.core.models.accounts import (
    ROLE_ADMIN,
    ROLE_CANDIDATE,
    ROLE_MANAGER,
    STAFF_ROLES,
    Account,
    OneTimeToken,
    RecoveryCode,
)
from web.core.models.audit import AuditEntry
from web.core.models.base import NAMING, Base, KeyString, UTCDateTime, utcnow
from web.core.models.candidatures import (
    CANDIDATURE_EXCLUDED,
    CANDIDATURE_PREREGISTERED,
    CANDIDATURE_REGISTERED,
    CANDIDATURE_WITHDRAWN,
    CANDIDATURE_WITHDRAWN_BY_OFFICE,
    DOCUMENT_CONFIRMATION,
    INACTIVE_STATES,
    NOT_REGISTERED_STATES,
    PIECES_COMPLIANT,
    PIECES_MISSING,
    PIECES_NONE,
    PIECES_NOT_COMPLIANT,
    PIECES_TO_CHECK,
    Candidature,
    CandidatureDraft,
    CandidatureVersion,
    Document,
    DocumentsViewed,
    NumberSequence,
    registered_clause,
)
from web.core.models.establishments import (
    ESTABLISHMENT_LABEL_MAX,
    EstablishmentEntry,
    EstablishmentListVersion,
)
from web.core.models.outbox import OutboxMessage
from web.core.models.pieces import (
    PIECE_COMPLIANT,
    PIECE_NOT_COMPLIANT,
    PIECE_RECEIVED,
    PIECE_STATUSES,
    PIECE_UNCHECKED,
    CandidaturePiece,
    PieceFile,
    PieceLock,
)
from web.core.models.publication import (
    ITEM_DONE,
    ITEM_FAILED,
    ITEM_PENDING,
    JOB_DONE,
    JOB_DONE_WITH_FAILURES,
    JOB_PLANNING,
    JOB_RUNNING,
    AccommodationGrant,
    PublicationItem,
    PublicationJob,
    TimetableEntry,
)
from web.core.models.pupils import SchoolPupil  # school pupils imported by the office
from web.core.models.sessions import (
    AUDIENCE_GENERAL_PUBLIC,
    AcademyOffice,
    ExamSession,
    RegistrationPeriod,
    SessionAcademy,
)
from web.core.models.spec_versions import ServedSpec

# Results (grades, publication).
from web.core.models.results import (  # noqa: E402  isort: skip
    DOCUMENT_STATEMENT,
    GRADE_ABSENT,
    GRADE_DISPENSED,
    GRADE_MARK,
    GRADE_STATUSES,
    Grade,
    ResultsPublication,
)
from web.core.models.result_records import ResultRecord  # noqa: E402  isort: skip

__all__ = [
    "AUDIENCE_GENERAL_PUBLIC", "CANDIDATURE_EXCLUDED", "CANDIDATURE_REGISTERED",
    "CANDIDATURE_WITHDRAWN", "CANDIDATURE_WITHDRAWN_BY_OFFICE", "DOCUMENT_CONFIRMATION",
    "INACTIVE_STATES", "NAMING", "PIECES_COMPLIANT", "PIECES_MISSING", "PIECES_NONE",
    "PIECES_NOT_COMPLIANT", "PIECES_TO_CHECK", "PIECE_COMPLIANT", "PIECE_NOT_COMPLIANT",
    "PIECE_RECEIVED", "PIECE_STATUSES", "PIECE_UNCHECKED", "ROLE_ADMIN", "ROLE_CANDIDATE",
    "ROLE_MANAGER", "STAFF_ROLES", "AcademyOffice", "Account", "AuditEntry", "Base",
    "Candidature", "CandidatureDraft", "CandidaturePiece", "CandidatureVersion", "Document",
    "DocumentsViewed", "ExamSession", "KeyString", "NumberSequence", "OneTimeToken",
    "OutboxMessage", "PieceFile", "PieceLock", "RecoveryCode", "RegistrationPeriod",
    "SessionAcademy", "UTCDateTime", "utcnow",
    "ESTABLISHMENT_LABEL_MAX", "EstablishmentEntry", "EstablishmentListVersion",
    "ServedSpec",
    "SchoolPupil", "CANDIDATURE_PREREGISTERED",
    "NOT_REGISTERED_STATES", "registered_clause",
    "DOCUMENT_STATEMENT", "GRADE_ABSENT", "GRADE_DISPENSED", "GRADE_MARK", "GRADE_STATUSES",
    "Grade", "ResultsPublication",
    "ResultRecord",
    "ITEM_DONE", "ITEM_FAILED", "ITEM_PENDING", "JOB_DONE", "JOB_DONE_WITH_FAILURES",
    "JOB_PLANNING", "JOB_RUNNING", "AccommodationGrant", "PublicationItem", "PublicationJob",
    "TimetableEntry",
]
