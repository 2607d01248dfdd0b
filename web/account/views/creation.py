"""Creating an account (the civil status as on an ID, one account per address) and
activating it through the mailed link."""

from __future__ import annotations

from typing import Any

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from web.account import bp
from web.account.forms import (
    CreateAccountForm,
    IdentityForm,
)
from web.account.services import (
    email_key,
    find_by_email,
    identity_values,
)
from web.core import db as database
from web.core import reference
from web.core.extensions import limiter
from web.core.external import external_url
from web.core.mail import queue_mail
from web.core.models import Account, utcnow
from web.core.security import (
    PURPOSE_ACTIVATION,
    TokenProblem,
    find_token,
    hash_password,
    issue_token,
)


def duplicate_email_message(email: str) -> str:
    return (
        f"L'adresse email : {email} sert déjà d'identifiant de connexion à un autre compte : "
        "soit cela correspond à votre compte et faire \"J'ai déjà un compte\", soit vous n'avez "
        "pas de compte et vous devez rectifier l'adresse mail saisie."
    )


def apply_identity(account: Account, form: IdentityForm) -> None:
    for name, value in identity_values(form).items():
        setattr(account, name, value)


def refreshing_communes(form: IdentityForm) -> bool:
    """True when the no-JavaScript 'show the communes' button was used (not a submission)."""
    return request.form.get("action") == "communes"


def _creation_attempted(response: Response) -> bool:
    # The no-JavaScript communes refresh (200) is no attempt; a refusal (422) is one.
    return response.status_code != 200


@bp.route("/compte/creer", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["CREATE_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_creation_attempted,
    scope="create-address",
)
def create() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = CreateAccountForm()
    form.fill_choices()
    if request.method == "GET":
        form.pays_naissance.data = reference.FRANCE
    if request.method == "POST" and refreshing_communes(form):
        return render_template("account/create.html", form=form)
    if form.validate_on_submit():
        db = database.session()
        email = form.email.data or ""
        if find_by_email(db, email) is not None:
            return _duplicate(form, email)
        account = Account(
            email=email,
            email_key=email_key(email),
            password_hash=hash_password(form.password.data or ""),
        )
        apply_identity(account, form)
        try:
            db.add(account)
            raw = issue_token(db, account, PURPOSE_ACTIVATION)
            # queue_mail flushes to learn the account id: the unique index may answer there.
            queue_mail(
                db,
                email,
                "Activer mon compte",
                "activation",
                account=account,
                link=external_url("account.activate", token=raw),
            )
            db.commit()
        except IntegrityError:
            # Two simultaneous creations with the same address: the second one loses.
            db.rollback()
            return _duplicate(form, email)
        session["created_email"] = email
        return redirect(url_for("account.created"))
    status = 422 if form.errors else 200
    return render_template("account/create.html", form=form), status


def _duplicate(form: CreateAccountForm, email: str) -> Any:
    """The creation form again, with the guide's message and the explanations of both cases."""
    form.email.errors = [duplicate_email_message(email)]
    return render_template("account/create.html", form=form, duplicate_email=True), 422


@bp.get("/compte/cree")
def created() -> str:
    return render_template("account/created.html", email=session.get("created_email", ""))


@bp.get("/compte/activer/<token>")
def activate(token: str) -> Any:
    db = database.session()
    try:
        found = find_token(db, token, PURPOSE_ACTIVATION)
    except TokenProblem as problem:
        return render_template("account/activation_problem.html", reason=problem.reason), (
            200 if problem.reason == "used" else 410 if problem.reason == "expired" else 404
        )
    found.used_at = utcnow()
    found.account.activated_at = utcnow()
    db.commit()
    return render_template("account/activated.html", email=found.account.email)
