"""The refusal every pieces service raises, with the French reason shown to its user."""

from __future__ import annotations


class PieceRefused(Exception):
    """An action on a piece that may not be done now; `missing` means: answer 404."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


MSG_NOT_REQUESTED = "Cette pièce n'est pas demandée pour cette candidature."
MSG_FILE_NOT_FOUND = "Ce fichier n'existe pas ou n'est plus disponible."
MSG_GROUP_NOT_FOUND = "Ce regroupement de pièces n'existe pas pour cette candidature."
