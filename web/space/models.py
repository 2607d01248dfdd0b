"""What the candidate space records of its own: when a candidate last looked at the documents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from web.models import Base, UTCDateTime


class DocumentsViewed(Base):
    """The last time the owner opened Mes documents (or one document) of a candidature.

    A document published after this moment makes the card's envelope say that there is a
    document to look at; kept apart from Candidature so that a gestionnaire's publication and
    a candidate's visit never write the same row.
    """

    __tablename__ = "documents_viewed"

    candidature_id: Mapped[int] = mapped_column(
        ForeignKey("candidature.id", ondelete="CASCADE"), primary_key=True
    )
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
