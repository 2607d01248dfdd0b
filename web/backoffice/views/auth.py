"""The back office's entrance: password, then the TOTP second factor (enrolled at first login)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from web.account import throttle
from web.account.services import find_by_email
from web.backoffice import audit, bp
from web.backoffice import second_factor as totp
from web.backoffice.access import current_staff, end_staff_session, start_staff_session
from web.backoffice.forms import CodeForm, EnrolForm, StaffLoginForm
from web.core import db as database
from web.core.extensions import limiter
from web.core.external import safe_next
from web.core.forms import ConfirmForm
from web.core.models import Account, utcnow
from web.core.security import burn_verification_time, verify_password
from web.core.session_expiry import extended

PENDING_KEY = "staff_pending"
PENDING_LIFETIME = timedelta(minutes=5)
MAX_CODE_ATTEMPTS = 5
MSG_LOGIN_FAILED = "Adresse mail ou mot de passe incorrect."
MSG_CODE_FAILED = "Code incorrect ou déjà utilisé : saisissez le code affiché maintenant."
MSG_TOO_MANY = "Trop de codes incorrects : reprenez la connexion depuis le début."
MSG_PENDING_GONE = "Reprenez la connexion : la saisie du code a expiré."


def _safe_next(target: str) -> str:
    return safe_next(target, url_for("backoffice.home"), prefix="/gestion")


def _pending() -> Account | None:
    """The staff member who gave the right password and has yet to give the code."""
    data = session.get(PENDING_KEY) or {}
    try:
        started = datetime.fromisoformat(data.get("at", ""))
    except ValueError:
        return None
    if utcnow() - started > PENDING_LIFETIME:
        session.pop(PENDING_KEY, None)
        return None
    account = database.session().get(Account, data.get("id") or 0)
    if account is None or not account.is_staff or account.session_version != data.get("v"):
        return None
    return account


def _code_failed(account: Account) -> bool:
    """Count a wrong code; True once the attempts are used up (the login starts over)."""
    data = session.get(PENDING_KEY) or {}
    data["fails"] = int(data.get("fails", 0)) + 1
    session[PENDING_KEY] = data
    db = database.session()
    audit.record(db, account, "staff.login_failed", academy_code=account.academy_code or "",
                 target=("account", account.id))
    db.commit()
    if data["fails"] >= MAX_CODE_ATTEMPTS:
        session.pop(PENDING_KEY, None)
        return True
    return False


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
    scope="staff-login-address",
)
def login() -> Any:
    form = StaffLoginForm()
    if request.method == "GET" and request.args.get("next"):
        session["staff_next"] = _safe_next(request.args["next"])
    if form.validate_on_submit():
        typed = form.email.data or ""
        found = find_by_email(database.session(), typed)
        # Failed attempts counted per staff account too, as for candidates (web.account.throttle);
        # a candidate's address typed here counts as an unknown one.
        account = found if found is not None and found.is_staff else None
        key = throttle.account_key(account, typed)
        if throttle.locked(key):
            return render_template("errors/429.html"), 429
        password = form.password.data or ""
        if account is None:
            burn_verification_time(password)
        elif verify_password(account.password_hash, password) and account.is_active:
            session[PENDING_KEY] = {
                "id": account.id, "v": account.session_version, "at": utcnow().isoformat(),
            }
            if account.totp_confirmed_at is None:
                return redirect(url_for("backoffice.enrol"))
            return redirect(url_for("backoffice.second_factor"))
        throttle.count_failure(key)
        form.form_errors.append(MSG_LOGIN_FAILED)
        return render_template("backoffice/login.html", form=form), 401
    return render_template("backoffice/login.html", form=form), 422 if form.errors else 200


@bp.route("/connexion/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
               scope="staff-code-address")
def second_factor() -> Any:
    account = _pending()
    if account is None or account.totp_confirmed_at is None:
        flash(MSG_PENDING_GONE, "info")
        return redirect(url_for("backoffice.login"))
    form = CodeForm()
    if form.validate_on_submit():
        db = database.session()
        code = form.code.data or ""
        if totp.verify_totp(account, code):
            action = "staff.login"
        elif totp.use_recovery_code(db, account, code):
            action = "staff.recovery_code_used"
        else:
            db.rollback()
            if _code_failed(account):
                flash(MSG_TOO_MANY, "error")
                return redirect(url_for("backoffice.login"))
            form.code.errors = [MSG_CODE_FAILED]
            return render_template("backoffice/second_factor.html", form=form), 401
        audit.record(db, account, action, academy_code=account.academy_code or "",
                     target=("account", account.id))
        db.commit()
        target = session.get("staff_next", "")
        start_staff_session(account)
        if action == "staff.recovery_code_used":
            left = totp.remaining_recovery_codes(db, account)
            flash(f"Vous vous êtes connecté(e) avec un code de secours : il vous en reste {left}. "
                  "Pensez à en générer de nouveaux.", "warning")
        return throttle.remember_device(redirect(_safe_next(target)), account)
    return render_template("backoffice/second_factor.html", form=form), (
        422 if form.errors else 200
    )



@bp.route("/connexion/activation", methods=["GET", "POST"])
def enrol() -> Any:
    """First login: scan the QR code, type one code, receive the recovery codes."""
    account = _pending()
    if account is None or account.totp_confirmed_at is not None:
        flash(MSG_PENDING_GONE, "info")
        return redirect(url_for("backoffice.login"))
    db = database.session()
    secret = totp.ensure_secret(account)
    db.commit()
    form = EnrolForm()
    if form.validate_on_submit():
        if not totp.verify_totp(account, form.code.data or ""):
            form.code.errors = [MSG_CODE_FAILED]
        else:
            account.totp_confirmed_at = utcnow()
            codes = totp.new_recovery_codes(db, account)
            audit.record(db, account, "staff.enrolled", academy_code=account.academy_code or "",
                         target=("account", account.id))
            db.commit()
            start_staff_session(account)
            return render_template("backoffice/recovery_codes.html", codes=codes, first=True)
    uri = totp.provisioning_uri(account, secret)
    return render_template(
        "backoffice/enrol.html", form=form, qr=totp.qr_data_uri(uri),
        secret=totp.grouped_secret(secret), email=account.email,
    ), 422 if form.errors else 200


@bp.route("/codes-de-secours", methods=["GET", "POST"])
def recovery_codes() -> Any:
    """New recovery codes (the old ones stop working), after typing a current code."""
    account = current_staff()
    form = EnrolForm()
    if form.validate_on_submit():
        db = database.session()
        if totp.verify_totp(account, form.code.data or ""):
            codes = totp.new_recovery_codes(db, account)
            audit.record(db, account, "staff.recovery_codes_renewed",
                         academy_code=account.academy_code or "", target=("account", account.id))
            db.commit()
            return render_template("backoffice/recovery_codes.html", codes=codes, first=False)
        form.code.errors = [MSG_CODE_FAILED]
    left = totp.remaining_recovery_codes(database.session(), account)
    return render_template("backoffice/renew_codes.html", form=form, left=left), (
        422 if form.errors else 200
    )


@bp.post("/deconnexion")
def logout() -> Response:
    ConfirmForm()
    account = current_staff()
    db = database.session()
    audit.record(db, account, "staff.logout", academy_code=account.academy_code or "",
                 target=("account", account.id))
    # The session cookie is signed, not stored: a copy of it would outlive the logout. The
    # account's session version is part of the login id, so bumping it revokes every copy.
    account.session_version += 1
    db.commit()
    end_staff_session()
    flash("Vous êtes déconnecté(e) du back office.", "success")
    return redirect(url_for("backoffice.login"))


@bp.post("/session/prolonger")
def keepalive() -> Response | tuple[str, int]:
    """« Rester connecté » : the request itself renewed the staff session (access._check)."""
    return extended(url_for("backoffice.home"), prefix="/gestion")
