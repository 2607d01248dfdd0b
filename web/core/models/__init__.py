"""SQLAlchemy models shared by the portal's areas, one module per concept."""

from web.core.models.accounts import ROLE_CANDIDATE, ROLE_MANAGER, Account, OneTimeToken
from web.core.models.base import NAMING, Base, UTCDateTime, utcnow
from web.core.models.candidatures import (
    CANDIDATURE_EXCLUDED,
    CANDIDATURE_REGISTERED,
    CANDIDATURE_WITHDRAWN,
    DOCUMENT_CONFIRMATION,
    INACTIVE_STATES,
    Candidature,
    CandidatureDraft,
    CandidatureVersion,
    Document,
    DocumentsViewed,
    NumberSequence,
)
from web.core.models.outbox import OutboxMessage
from web.core.models.sessions import (
    AUDIENCE_GENERAL_PUBLIC,
    AcademyOffice,
    ExamSession,
    RegistrationPeriod,
)

__all__ = [
    "AUDIENCE_GENERAL_PUBLIC", "CANDIDATURE_EXCLUDED", "CANDIDATURE_REGISTERED",
    "CANDIDATURE_WITHDRAWN", "DOCUMENT_CONFIRMATION", "INACTIVE_STATES", "NAMING",
    "ROLE_CANDIDATE", "ROLE_MANAGER", "AcademyOffice", "Account", "Base", "Candidature",
    "CandidatureDraft", "CandidatureVersion", "Document", "DocumentsViewed", "ExamSession",
    "NumberSequence",
    "OneTimeToken", "OutboxMessage", "RegistrationPeriod", "UTCDateTime", "utcnow",
]
