"""Helpers of the establishments tests: UAIs, the list as the portal offers it, CSV files."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from web_helpers import db_of, detached

# Shipped with the portal: a Rennes lycée and a Lille one.
BREQUIGNY = "0350028R"              # LYCÉE BRÉQUIGNY - RENNES
LILLE_ONE = "0591843H"              # COMMUNAUTÉ ALBERT CHÂTELET - MÉRIGNIES (Lille)
# Valid UAIs that the shipped list does not hold.
NEW_RENNES = "0359001U"
NEW_RENNES_2 = "0359002V"
MAZELOT = "0510001Z"                # the CFG guide's "CLG DU MAZELOT - ANGLURE (0510001Z)"
HEADER = "uai;libelle;academie;departement\n"


def offered_codes(app: Any, academy: str = "rennes") -> list[str]:
    """The codes the wizard's select offers in `academy` (as a request would see them)."""
    from engine import establishments

    with app.test_request_context():
        return [e.code for e in establishments.establishments(academy)]


def printed(app: Any, code: str) -> str | None:
    from engine import establishments

    with app.test_request_context():
        return establishments.printed_label(code)


def add(app: Any, uai: str = NEW_RENNES, label: str = "LYCÉE DES TESTS - RENNES",
        academy: str = "rennes", departement: str = "35") -> None:
    """An addition made through the service (as the command line would: no actor)."""
    from web.backoffice import establishments

    with db_of(app) as db:
        establishments.add(db, None, academy, uai, label, departement)
        db.commit()


def deactivate(app: Any, code: str) -> None:
    from web.backoffice import establishments

    with db_of(app) as db:
        line = establishments.find(db, code)
        assert line is not None
        establishments.set_active(db, None, line, False)
        db.commit()


def rows(app: Any) -> list[Any]:
    from web.core.models import EstablishmentEntry

    return detached(app, select(EstablishmentEntry).order_by(EstablishmentEntry.id))


def csv_file(text: str, name: str = "etablissements.csv", encoding: str = "utf-8") -> Any:
    import io

    return (io.BytesIO(text.encode(encoding)), name)
