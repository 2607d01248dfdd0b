"""A school pupil's first login: the slip's initial password must be replaced at once.

Signed in with the initial password, the pupil sees only this page (and can log out) until
they choose their own password; the initial one then stops working and the slip can no
longer be printed (web.core.initial_password).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.account import bp
from web.account.forms import NewPasswordForm
from web.core import db as database
from web.core.models import Account
from web.core.security import hash_password
from web.core.sessions import open_candidate_session

MSG_CHOOSE = ("Première connexion : choisissez votre mot de passe. Le mot de passe initial "  # nosec B105
              "du document « Accès au service en ligne des examens » ne fonctionnera plus.")
MSG_DONE = ("Votre mot de passe est enregistré : utilisez-le désormais avec votre identifiant "  # nosec B105
            "{login}.")
# What a pupil who still has the initial password may open besides this page.
_ALLOWED = frozenset({"account.first_password", "account.logout", "static", "dsfr"})


@bp.before_app_request
def _must_choose_password() -> Response | None:
    if request.endpoint in _ALLOWED or request.blueprint == "backoffice":
        return None  # before current_user: static files load no account; /gestion 404s it
    if current_user.is_authenticated and getattr(current_user, "must_choose_password", False):
        return redirect(url_for("account.first_password"))
    return None


@bp.route("/connexion/premiere-connexion", methods=["GET", "POST"])
@login_required
def first_password() -> Any:
    account: Account = current_user._get_current_object()  # type: ignore[attr-defined]
    if not account.must_choose_password:
        return redirect(url_for("candidate.registrations"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        db = database.session()
        account.password_hash = hash_password(form.password.data or "")
        account.initial_password_seed = None
        account.session_version += 1  # any other browser signed in with the slip is signed out
        db.commit()
        open_candidate_session(account)
        flash(MSG_DONE.format(login=account.login or account.email), "success")
        return redirect(url_for("candidate.registrations"))
    return render_template("account/first_password.html", form=form, account=account,
                           message=MSG_CHOOSE), 422 if form.errors else 200
