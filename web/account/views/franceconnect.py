"""Sign-in and account creation with FranceConnect, and the end of its session at logout."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from web.account import bp, oidc
from web.account.oidc_identity import account_values
from web.account.services import email_key, find_by_email
from web.core import db as database
from web.core.models import Account, utcnow
from web.core.sessions import open_candidate_session

REFUSALS = {
    "state": (
        400,
        "la réponse reçue ne correspond à aucune demande de connexion en cours dans "
        "ce navigateur : elle a expiré, a déjà servi, ou ne vient pas de vous.",
    ),
    "code": (
        400,
        "FranceConnect a refusé le code de connexion transmis : il a déjà servi ou a expiré.",
    ),
    "signature": (400, "la signature de l'identité transmise n'a pas pu être vérifiée."),
    "expired": (400, "l'identité transmise a expiré avant de nous parvenir."),
    "audience": (400, "l'identité transmise était destinée à un autre service que ce portail."),
    "issuer": (400, "l'identité transmise ne vient pas du fournisseur d'identité attendu."),
    "nonce": (
        400,
        "l'identité transmise ne correspond pas à la demande de connexion faite "
        "depuis ce navigateur.",
    ),
    "acr": (400, "le niveau de sécurité de l'identification ne correspond pas à celui demandé."),
    "token": (400, "la réponse de FranceConnect est incomplète ou illisible."),
    "configuration": (502, "le service FranceConnect du portail est mal configuré."),
    "unavailable": (
        502,
        "FranceConnect ne répond pas pour le moment. Réessayez dans quelques "
        "minutes, ou connectez-vous avec votre identifiant et votre mot de passe.",
    ),
    "cancelled": (400, "la connexion a été interrompue avant son terme sur FranceConnect."),
    "no_email": (
        422,
        "votre compte FranceConnect ne nous a pas transmis d'adresse mail. "
        "L'adresse mail est l'identifiant de votre compte et sert à vous envoyer les "
        "documents de vos inscriptions : aucun compte n'a été créé. Choisissez un "
        "compte FranceConnect qui transmet votre adresse mail, ou créez votre compte "
        "avec le formulaire de création.",
    ),
    "incomplete": (
        422,
        "votre identité transmise par FranceConnect est incomplète (nom, "
        "prénoms, sexe, date ou lieu de naissance) : aucun compte n'a été créé. "
        "Créez votre compte avec le formulaire de création.",
    ),
    "country": (
        422,
        "votre pays de naissance transmis par FranceConnect n'a pas pu être "
        "reconnu : aucun compte n'a été créé. Créez votre compte avec le formulaire "
        "de création.",
    ),
    "too_young": (
        422,
        "d'après la date de naissance transmise, vous avez moins de 14 ans : "
        "un élève plus jeune est inscrit par son établissement et ne crée pas de "
        "compte.",
    ),
    "staff": (
        403,
        "ce compte est un compte de gestion : connectez-vous depuis l'accès réservé "
        "aux services des examens.",
    ),
}


def existing_account_message(email: str) -> str:
    return (
        f"l'adresse email : {email} sert déjà d'identifiant de connexion à un compte créé sans "
        "FranceConnect. Comme l'indique le guide, un compte existant ne peut pas être rattaché "
        "à un compte FranceConnect : aucun compte n'a été créé. Connectez-vous avec votre "
        "identifiant et votre mot de passe (« Mot de passe oublié » si besoin)."
    )


def _refused(reason: str, message: str | None = None, status: int | None = None) -> Any:
    known_status, known_message = REFUSALS.get(reason, REFUSALS["token"])
    current_app.logger.info("FranceConnect sign-in refused: %s", reason)
    return render_template(
        "account/franceconnect_problem.html",
        reason=reason,
        message=message or known_message,
    ), status or known_status


def _require_enabled() -> None:
    if not oidc.enabled():
        abort(404)


@bp.get("/connexion/franceconnect")
def franceconnect_start() -> Any:
    _require_enabled()
    if current_user.is_authenticated:
        return redirect(url_for("candidate.registrations"))
    try:
        return oidc.start()
    except oidc.SignInRefused as refusal:
        return _refused(refusal.reason)


@bp.get("/connexion/franceconnect/retour")
def franceconnect_callback() -> Any:
    _require_enabled()
    try:
        identity = oidc.finish()
    except oidc.SignInRefused as refusal:
        return _refused(refusal.reason)
    db = database.session()
    account = db.scalar(
        select(Account).where(
            Account.oidc_issuer == identity.issuer, Account.oidc_subject == identity.subject
        )
    )
    created = account is None
    if account is None:
        try:
            values = account_values(identity.claims)
        except oidc.SignInRefused as refusal:
            return _refused(refusal.reason)
        if find_by_email(db, values["email"]) is not None:
            return _refused("existing", existing_account_message(values["email"]), 409)
        account = Account(
            email_key=email_key(values["email"]),
            password_hash="",  # nosec B106 - no portal password yet (Account.has_password)
            activated_at=utcnow(),
            oidc_issuer=identity.issuer,
            oidc_subject=identity.subject,
            **values,
        )
        try:
            db.add(account)
            db.commit()
        except IntegrityError:  # the same address or identity, created meanwhile
            db.rollback()
            return _refused("existing", existing_account_message(values["email"]), 409)
    if account.is_staff:
        return _refused("staff")
    open_candidate_session(account)
    oidc.remember_id_token(identity.id_token)
    if created:
        flash(
            "Votre compte a été créé avec votre identité FranceConnect : vos nom, prénoms, "
            "sexe, date et lieu de naissance sont ceux que FranceConnect a transmis.",
            "success",
        )
    return redirect(url_for("candidate.registrations"))


@bp.get("/deconnexion/franceconnect")
def franceconnect_logged_out() -> Response:
    """The provider's session is over too: back on the portal, logged out."""
    _require_enabled()
    if not oidc.logout_returned():
        current_app.logger.info("end of the provider's session: unknown state")
    session.pop("_flashes", None)
    flash("Vous êtes déconnecté, du portail et de FranceConnect.", "success")
    return redirect(url_for("public.home"))


@bp.get("/connexion/franceconnect/aide")
def franceconnect_help() -> str:
    _require_enabled()
    return render_template("account/franceconnect_help.html")
