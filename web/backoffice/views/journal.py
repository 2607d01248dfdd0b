"""The audit log, for the national administrator: every back-office action, newest first."""

from __future__ import annotations

from flask import render_template, request

from web.backoffice import audit, bp
from web.backoffice.access import admin_required
from web.backoffice.scope import current_scope
from web.core import db as database
from web.core.forms import page_number


@bp.get("/journal")
@admin_required
def audit_log() -> str:
    args = request.args
    target_id = args.get("objet_id", "")
    filters = audit.AuditFilters(
        academy_code=args.get("academie", ""),
        actor=args.get("auteur", ""),
        action=args.get("action", ""),
        target_type=args.get("objet", ""),
        target_id=int(target_id) if target_id.isdigit() and len(target_id) < 19 else None,
        page=args.get("page", 1, type=page_number) or 1,
    )
    rows, total = audit.page_of(database.session(), filters)
    pages = max(1, -(-total // audit.PAGE_SIZE))
    return render_template(
        "backoffice/audit.html", rows=rows, total=total, filters=filters, pages=pages,
        actions=sorted(audit.ACTION_LABELS.items(), key=lambda kv: kv[1]),
        academies=current_scope().academy_choices(),
        target_label=audit.target_label, value_label=audit.value_label,
        shown_value=audit.shown_value,
    )
