"""Account pages: log in and out, and what every page of the account area is given."""

from __future__ import annotations

from typing import Any

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from web.account import bp, oidc, throttle
from web.account.forms import LoginForm
from web.account.services import find_by_login
from web.account.views.my_account import LOCKED_EXPLANATION
from web.core import db as database
from web.core import initial_password, reference
from web.core.extensions import limiter
from web.core.external import safe_next
from web.core.forms import ConfirmForm
from web.core.models import Account
from web.core.security import (
    burn_verification_time,
    hash_password,
    password_needs_rehash,
    verify_password,
)
from web.core.sessions import close_session, open_candidate_session, revoke_sessions

LOGIN_FAILED = "Identifiant ou mot de passe incorrect."
STAFF_ACCOUNT = (
    "Ce compte est un compte de gestion : connectez-vous depuis l'accès réservé aux services "
    "des examens (adresse /gestion)."
)
NOT_ACTIVATED = (
    "Votre compte n'est pas encore activé : cliquez sur le lien « Activer mon compte » du mail "
    "reçu lors de sa création. Sans activation dans les 48 heures, le compte est supprimé et "
    "vous devez recommencer sa création."
)


@bp.context_processor
def _account_texts() -> dict[str, Any]:
    return {
        "locked_explanation": LOCKED_EXPLANATION,
        "country_label": reference.country_label,
        "departement_label": reference.departement_label,
        "franceconnect_enabled": oidc.enabled(),
    }


def _login_failed(response: Response) -> bool:
    return response.status_code != 302


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-address",
)
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("candidate.registrations"))
    form = LoginForm()
    if form.validate_on_submit():
        typed = form.identifiant.data or ""
        account = find_by_login(database.session(), typed)
        password = form.password.data or ""
        key = throttle.account_key(account, typed)
        if throttle.locked(key):
            return render_template("errors/429.html"), 429
        if account is None:
            burn_verification_time(password)
        elif account.must_choose_password:
            burn_verification_time(password)  # the same time as a known password's check
            if initial_password.matches(account.initial_password_seed, password):
                open_candidate_session(account)
                return redirect(url_for("account.first_password"))
        elif verify_password(account.password_hash, password):
            if account.is_staff:
                form.form_errors.append(STAFF_ACCOUNT)
                return render_template("account/login.html", form=form), 401
            if account.activated_at is None:
                form.form_errors.append(NOT_ACTIVATED)
                return render_template("account/login.html", form=form), 401
            if password_needs_rehash(account.password_hash):
                account.password_hash = hash_password(password)
                database.session().commit()
            open_candidate_session(account)
            target = safe_next(request.args.get("next", ""), url_for("candidate.registrations"))
            return throttle.remember_device(redirect(target), account)
        throttle.count_failure(key)
        form.form_errors.append(LOGIN_FAILED)
        return render_template("account/login.html", form=form), 401
    return render_template("account/login.html", form=form), 422 if form.errors else 200


@bp.post("/deconnexion")
def logout() -> Response:
    ConfirmForm()  # CSRF is checked globally; the form only documents it
    if current_user.is_authenticated:
        # A copy of the signed cookie would outlive a mere clearing: revoke it on the server.
        db = database.session()
        account = db.get(Account, current_user.id)
        if account is not None:
            revoke_sessions(account)
            db.commit()
    id_token = session.get(oidc.ID_TOKEN_SESSION_KEY)
    close_session()
    if id_token and oidc.enabled():
        # Signed in with FranceConnect: its session ends too, then it sends the browser back.
        ending = oidc.logout_redirect(str(id_token))
        if ending is not None:
            return ending
    flash("Vous êtes déconnecté.", "success")
    return redirect(url_for("public.home"))
