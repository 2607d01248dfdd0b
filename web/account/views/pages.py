"""Account pages: create, activate, log in and out, forgotten password, modify, delete."""

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
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from web.account import bp, oidc, throttle
from web.account.forms import (
    CreateAccountForm,
    DeleteAccountForm,
    EmailAndPasswordForm,
    IdentityForm,
    LoginForm,
    ModifyAccountForm,
)
from web.account.services import (
    account_has_candidature,
    email_key,
    find_by_email,
    find_by_login,
    identity_values,
    mask_email,
)
from web.core import db as database
from web.core import reference
from web.core.extensions import limiter
from web.core.external import external_url, safe_next
from web.core.forms import ConfirmForm
from web.core.mail import queue_mail
from web.core.models import AcademyOffice, Account, Candidature, utcnow
from web.core.security import (
    PURPOSE_ACTIVATION,
    PURPOSE_EMAIL_CHANGE,
    TokenProblem,
    burn_verification_time,
    find_token,
    hash_password,
    issue_token,
    password_needs_rehash,
    verify_password,
)
from web.core.sessions import close_session, open_candidate_session, revoke_sessions

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
LOGIN_FAILED = "Identifiant ou mot de passe incorrect."
# nosec B105: a message.
NO_PORTAL_PASSWORD = (  # nosec B105
    "Votre compte a été créé avec FranceConnect et n'a pas encore de mot de passe du portail : "
    "pour changer l'adresse mail ou choisir un mot de passe, demandez d'abord un mot de passe "
    "avec « Mot de passe oublié » (un lien vous est envoyé à votre adresse mail)."
)
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


def duplicate_email_message(email: str) -> str:
    return (
        f"L'adresse email : {email} sert déjà d'identifiant de connexion à un autre compte : "
        "soit cela correspond à votre compte et faire \"J'ai déjà un compte\", soit vous n'avez "
        "pas de compte et vous devez rectifier l'adresse mail saisie."
    )


def _apply_identity(account: Account, form: IdentityForm) -> None:
    for name, value in identity_values(form).items():
        setattr(account, name, value)


def _refreshing_communes(form: IdentityForm) -> bool:
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
    if request.method == "POST" and _refreshing_communes(form):
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
        _apply_identity(account, form)
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
        if request.method == "POST" and _refreshing_communes(form):
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
            _apply_identity(account, form)
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

