"""Forgotten password: the login help, the non-revealing request, the 48-hour reset link."""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import logout_user

from web.account import bp, throttle
from web.account.forms import ForgotPasswordForm, NewPasswordForm
from web.account.services import find_by_login, mask_email
from web.core import db as database
from web.core.extensions import limiter
from web.core.external import external_url
from web.core.mail import queue_mail
from web.core.models import utcnow
from web.core.security import PURPOSE_RESET, TokenProblem, find_token, hash_password, issue_token


@bp.get("/connexion/aide")
def login_help() -> str:
    return render_template("account/login_help.html")


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["FORGOT_LIMIT_PER_ADDRESS"], methods=["POST"], scope="forgot-address"
)
def forgot() -> Any:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        typed = form.identifiant.data or ""
        db = database.session()
        account = find_by_login(db, typed)
        # A pupil imported without an address has nowhere to receive the link: the office
        # gives them a new slip (the page says the same either way).
        if account is not None and account.activated_at is not None and account.email:
            raw = issue_token(db, account, PURPOSE_RESET)
            queue_mail(
                db,
                account.email,
                "Réinitialisation du mot de passe",
                "reset",
                account=account,
                link=external_url("account.reset", token=raw),
            )
            db.commit()
        # Same page whatever was typed: only what the visitor typed is ever masked and shown.
        page = render_template("account/forgot_sent.html", masked=mask_email(typed))
        # ... and in the same time: a known account costs a token, a mail and a commit, an
        # unknown one a lookup; the answer never comes before FORGOT_MIN_SECONDS.
        remaining = current_app.config["FORGOT_MIN_SECONDS"] - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        return page
    return render_template("account/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
def reset(token: str) -> Any:
    db = database.session()
    try:
        found = find_token(db, token, PURPOSE_RESET)
    except TokenProblem as problem:
        return render_template("account/reset_problem.html", reason=problem.reason), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        account = found.account
        account.password_hash = hash_password(form.password.data or "")
        account.initial_password_seed = None  # a slip's initial password ends here too
        account.session_version += 1
        now = utcnow()
        for other in account.tokens:
            if other.purpose == PURPOSE_RESET and other.used_at is None:
                other.used_at = now
        db.commit()
        throttle.unlock(account)  # the owner is back in, whoever used up the attempts
        logout_user()
        flash("Votre mot de passe a été modifié. Vous pouvez vous connecter.", "success")
        # ... and stays in from this browser, should someone lock the account again.
        return throttle.remember_device(redirect(url_for("account.login")), account)
    return render_template("account/reset.html", form=form), 422 if form.errors else 200
