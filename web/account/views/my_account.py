"""Modifier mon compte (the civil status until a candidature fixes it, a new address
confirmed by mail, the password) and the deletion of an account without candidature."""

from __future__ import annotations

from typing import Any

from flask import (
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from web.account import bp
from web.account.forms import (
    DeleteAccountForm,
    EmailAndPasswordForm,
    IdentityForm,
    ModifyAccountForm,
)
from web.account.services import (
    account_has_candidature,
    email_key,
    find_by_email,
    mask_email,
)
from web.account.views.creation import apply_identity, duplicate_email_message, refreshing_communes
from web.core import db as database
from web.core.external import external_url
from web.core.mail import queue_mail
from web.core.models import AcademyOffice, Account, Candidature, utcnow
from web.core.security import (
    PURPOSE_EMAIL_CHANGE,
    TokenProblem,
    find_token,
    hash_password,
    issue_token,
    verify_password,
)
from web.core.sessions import open_candidate_session, revoke_sessions

LOCKED_EXPLANATION = (
    "Dès qu'une candidature existe, même si vous vous êtes désinscrit, seuls l'adresse mail et "
    "le mot de passe sont modifiables. Si une autre information est erronée, vous devez contacter "
    "le service gestionnaire dont les coordonnées sont indiquées dans le document relatif à votre "
    "inscription (Confirmation d'inscription)."
)
DELETE_REFUSED = (
    "Le compte ne peut pas être supprimé car une ou plusieurs candidatures y sont attachées"
)
# bandit reads a string named *PASSWORD* as one: these are messages (nosec B105).
DELETE_WRONG_PASSWORD = "Le mot de passe est incorrect : le compte n'a pas été supprimé."  # nosec B105
# nosec B105: a message.
NO_PORTAL_PASSWORD = (  # nosec B105
    "Votre compte a été créé avec FranceConnect et n'a pas encore de mot de passe du portail : "
    "pour changer l'adresse mail ou choisir un mot de passe, demandez d'abord un mot de passe "
    "avec « Mot de passe oublié » (un lien vous est envoyé à votre adresse mail)."
)


def _prefill(form: IdentityForm | EmailAndPasswordForm, account: Account) -> None:
    form.email.data = account.email
    form.email_confirmation.data = account.email
    if isinstance(form, IdentityForm):
        form.sexe.data = account.sexe
        form.nom_naissance.data = form.nom_naissance_confirmation.data = account.nom_naissance
        form.nom_usage.data = account.nom_usage
        form.prenoms.data = account.prenoms
        born = account.date_naissance.strftime("%d/%m/%Y") if account.date_naissance else ""
        form.date_naissance.data = form.date_naissance_confirmation.data = born
        form.pays_naissance.data = account.pays_naissance
        form.departement_naissance.data = account.departement_naissance


def _render_modify(form: Any, locked: bool, account: Account, status: int = 200) -> Any:
    offices: list[AcademyOffice] = []
    if locked:
        # The guide sends the candidate to the exam office for any other change: show it.
        codes = select(Candidature.academy_code).where(Candidature.account_id == account.id)
        offices = list(
            database.session().scalars(
                select(AcademyOffice).where(AcademyOffice.academy_code.in_(codes))
            )
        )
    return render_template(
        "account/modify.html", form=form, locked=locked, account=account, offices=offices
    ), status


@bp.route("/compte", methods=["GET", "POST"])
@login_required
def modify() -> Any:
    db = database.session()
    account: Account = current_user._get_current_object()  # type: ignore[attr-defined]
    locked = account_has_candidature(db, account)
    form: ModifyAccountForm | EmailAndPasswordForm
    # FranceConnect's civil status is never edited here, like one a candidature fixed.
    fixed = locked or account.from_identity_provider
    form = EmailAndPasswordForm() if fixed else ModifyAccountForm()
    if request.method == "GET":
        _prefill(form, account)
    if isinstance(form, ModifyAccountForm):
        form.fill_choices()
        if request.method == "GET":
            form.commune_naissance.data = account.commune_naissance
        if request.method == "POST" and refreshing_communes(form):
            return _render_modify(form, locked, account)
    if form.validate_on_submit():
        new_email = form.email.data or ""
        email_changes = email_key(new_email) != account.email_key
        password_changes = bool(form.password.data)
        if (email_changes or password_changes) and not account.has_password:
            form.form_errors.append(NO_PORTAL_PASSWORD)
        elif email_changes or password_changes:
            if not verify_password(account.password_hash, form.current_password.data or ""):
                form.current_password.errors = [
                    "Le mot de passe actuel est incorrect : il est nécessaire pour changer "
                    "l'adresse mail ou le mot de passe."
                ]
        if email_changes:
            other = find_by_email(db, new_email)
            if other is not None and other.id != account.id:
                form.email.errors = [duplicate_email_message(new_email)]
        if form.current_password.errors or form.email.errors or form.form_errors:
            return _render_modify(form, locked, account, 422)
        if isinstance(form, ModifyAccountForm):
            apply_identity(account, form)
        if password_changes:
            account.password_hash = hash_password(form.password.data or "")
            revoke_sessions(account)
        if email_changes:
            raw = issue_token(db, account, PURPOSE_EMAIL_CHANGE, new_email=new_email)
            queue_mail(
                db,
                new_email,
                "Confirmer ma nouvelle adresse mail",
                "email_change",
                account=account,
                link=external_url("account.confirm_email", token=raw),
            )
            # The current address hears of it too: a stolen session cannot move the account
            # away unnoticed.
            queue_mail(
                db,
                account.email,
                "Changement d'adresse mail demandé",
                "email_change_notice",
                account=account,
                masked=mask_email(new_email),
            )
        db.commit()
        if password_changes:
            open_candidate_session(account)  # this browser stays in, on a renewed session
        if email_changes:
            flash(
                f"Un mail de vérification a été envoyé à l'adresse {new_email}. "
                "La nouvelle adresse deviendra votre identifiant lorsque vous aurez cliqué "
                "sur le lien qu'il contient (valable 48 heures).",
                "info",
            )
        flash("Les modifications de votre compte ont été enregistrées.", "success")
        return redirect(url_for("account.modify"))
    status = 422 if form.errors else 200
    return _render_modify(form, locked, account, status)


@bp.get("/compte/email/<token>")
def confirm_email(token: str) -> Any:
    db = database.session()
    try:
        found = find_token(db, token, PURPOSE_EMAIL_CHANGE)
    except TokenProblem as problem:
        return render_template("account/email_problem.html", reason=problem.reason), 410
    new_email = found.new_email or ""
    other = find_by_email(db, new_email)
    if other is not None and other.id != found.account_id:
        return render_template("account/email_problem.html", reason="taken", email=new_email), 409
    account = found.account
    account.email = new_email
    account.email_key = email_key(new_email)
    found.used_at = utcnow()
    try:
        db.commit()
    except IntegrityError:  # the address was taken between the check and the commit
        db.rollback()
        return render_template("account/email_problem.html", reason="taken", email=new_email), 409
    return render_template("account/email_confirmed.html", email=new_email)


@bp.route("/compte/supprimer", methods=["GET", "POST"])
@login_required
def delete() -> Any:
    db = database.session()
    account: Account = current_user._get_current_object()  # type: ignore[attr-defined]
    form = DeleteAccountForm()
    if account_has_candidature(db, account):
        return render_template("account/delete.html", form=form, refused=DELETE_REFUSED), (
            409 if request.method == "POST" else 200
        )
    if form.validate_on_submit():
        if not account.has_password:
            form.current_password.errors = [NO_PORTAL_PASSWORD]
            return render_template("account/delete.html", form=form, refused=None), 422
        if not verify_password(account.password_hash, form.current_password.data or ""):
            form.current_password.errors = [DELETE_WRONG_PASSWORD]
            return render_template("account/delete.html", form=form, refused=None), 422
        db.delete(account)
        db.commit()
        logout_user()
        session.clear()
        flash("Votre compte a été supprimé.", "success")
        return redirect(url_for("public.home"))
    status = 422 if form.errors else 200
    return render_template("account/delete.html", form=form, refused=None), status
