"""Account rules that do not need a request: lookup by login, candidatures, purge, masking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from web.account.forms import IdentityForm
from web.core import db as database
from web.core import reference
from web.core.forms import parse_date
from web.core.models import Account, Candidature, utcnow
from web.core.security import TOKEN_LIFETIME


def email_key(email: str) -> str:
    return email.strip().lower()


def find_by_email(db: Session, email: str) -> Account | None:
    return db.scalar(select(Account).where(Account.email_key == email_key(email)))


def find_by_login(db: Session, login: str) -> Account | None:
    """The account whose email, school login (nom.prenomN, from the credentials slip) or
    candidate number is `login` (the guide's three identifiers)."""
    login = login.strip()
    if not login:
        return None
    if "@" in login:
        return find_by_email(db, login)
    if "." in login:
        return db.scalar(select(Account).where(Account.login == login.lower()))
    return db.scalar(select(Account).where(func.upper(Account.candidate_number) == login.upper()))


def identity_values(form: IdentityForm) -> dict[str, Any]:
    """The account's civil-status attributes as a validated identity form gives them.

    Born abroad: no département nor commune; born in France: the commune's name is kept
    beside its code for the documents.
    """
    values: dict[str, Any] = {
        "sexe": form.sexe.data or "",
        "nom_naissance": form.nom_naissance.data or "",
        "nom_usage": form.nom_usage.data or "",
        "prenoms": form.prenoms.data or "",
        "date_naissance": parse_date(form.date_naissance.data or ""),
        "pays_naissance": form.pays_naissance.data or reference.FRANCE,
        "departement_naissance": "",
        "commune_naissance": "",
        "commune_naissance_label": "",
    }
    if form.born_in_france():
        values["departement_naissance"] = form.departement_naissance.data or ""
        values["commune_naissance"] = form.commune_naissance.data or ""
        values["commune_naissance_label"] = reference.commune_name(
            values["departement_naissance"], values["commune_naissance"]) or ""
    return values


def account_has_candidature(db: Session, account: Account) -> bool:
    """True once any candidature was saved on the account, even a désinscrite one."""
    return bool(db.scalar(select(exists().where(Candidature.account_id == account.id))))


def purge_unactivated(db: Session, now: datetime | None = None) -> int:
    """Delete accounts not activated within 48 h of creation; return how many."""
    limit = (now or utcnow()) - TOKEN_LIFETIME
    result = db.execute(
        delete(Account).where(Account.activated_at.is_(None), Account.created_at < limit)
    )
    db.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def mask_email(text: str) -> str:
    """'paul.lamy@gmail.com' → 'paul.****@****.com' (only ever applied to what was typed)."""
    local, _, domain = text.strip().partition("@")
    if not domain:
        return ""
    head = local.split(".")[0] if "." in local else local[:2]
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return f"{head}{'.' if '.' in local else ''}****@****{'.' + tld if tld else ''}"


def load_user(user_id: str) -> Account | None:
    """Flask-Login loader: the id carries the session version, bumped on password change,
    and the account's creation instant, which no later account with the same id shares."""
    ident, _, rest = user_id.partition(":")
    version, _, stamp = rest.partition(":")
    if not ident.isdigit():
        return None
    account = database.session().get(Account, int(ident))
    if account is None or str(account.session_version) != version or not account.is_active:
        return None
    if stamp != account.identity_stamp:
        return None
    return account
