"""Export of the filtered candidatures list (CSV or XLSX), streamed, and written to the log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, request, stream_with_context

from web.backoffice import audit, bp
from web.backoffice.access import current_staff
from web.backoffice.candidatures import export as exporting
from web.backoffice.candidatures.filters import Filters
from web.backoffice.candidatures.listing import count, filter_criteria
from web.backoffice.scope import current_scope
from web.core import db as database
from web.core.catalogue import paris
from web.core.models import utcnow

ACTION_EXPORTED = "candidatures.exported"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/candidatures/export.<any(csv, xlsx):extension>")
def candidatures_export(extension: str) -> Response:
    db = database.session()
    scope = current_scope()
    staff = current_staff()
    filters = Filters.from_args(request.args)
    found = filter_criteria(db, filters)
    total = 0 if found.impossible else count(db, scope, found)
    prepared = exporting.prepare(db, scope, filters)
    headers = prepared.headers if prepared else exporting.FIXED_HEADERS
    audit.record(db, staff, ACTION_EXPORTED, academy_code=staff.academy_code or "",
                 summary=f"Export {extension.upper()} de {total} candidature(s)",
                 after={"format": extension, "lignes": total, **filters.args(page=1)})
    db.commit()
    lines: Iterator[list[Any]] = (
        exporting.rows(database.engine(), prepared) if prepared else iter(())
    )
    writer = exporting.csv_chunks if extension == "csv" else exporting.xlsx_chunks
    name = f"candidatures-{staff.academy_code or 'national'}-" \
        f"{paris(utcnow()).strftime('%Y%m%d-%H%M')}.{extension}"
    response = Response(stream_with_context(writer(headers, lines)),
                        mimetype=MEDIA_TYPES[extension])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
