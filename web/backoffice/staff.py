"""Staff accounts: a gestionnaire of one academy, or the national administrator."""

from __future__ import annotations

from sqlalchemy.orm import Session

from web.account.services import email_key, find_by_email
from web.backoffice import audit
from web.core import reference
from web.core.models import ROLE_ADMIN, ROLE_MANAGER, Account, utcnow
from web.core.security import hash_password, password_problem


class StaffRefused(Exception):
    """A staff account that cannot be created as asked, with the French reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def create_staff(
    db: Session,
    email: str,
    password: str,
    *,
    academy_code: str | None,
    admin: bool = False,
    last_name: str = "",
    first_names: str = "",
    actor: Account | None = None,
) -> Account:
    """Create an activated staff account (the caller commits); its second factor is enrolled
    at the first login."""
    email = email.strip()
    if "@" not in email or len(email) > 254:
        raise StaffRefused(f"Adresse mail invalide : {email!r}.")
    if find_by_email(db, email) is not None:
        raise StaffRefused(f"Un compte existe déjà avec l'adresse {email}.")
    if admin:
        academy_code = None
    elif academy_code not in dict(reference.academies()):
        known = ", ".join(code for code, _ in reference.academies())
        raise StaffRefused(
            f"Académie inconnue : {academy_code!r}. Codes possibles : {known}."
        )
    problem = password_problem(password)
    if problem:
        raise StaffRefused(problem)
    account = Account(
        email=email,
        email_key=email_key(email),
        password_hash=hash_password(password),
        role=ROLE_ADMIN if admin else ROLE_MANAGER,
        academy_code=academy_code,
        nom_naissance=last_name.upper(),
        prenoms=first_names,
        activated_at=utcnow(),
    )
    db.add(account)
    db.flush()
    audit.record(
        db, actor, "staff.created", academy_code=academy_code or "",
        target=("account", account.id),
        summary=f"Création du compte {'administrateur' if admin else 'gestionnaire'} {email}",
        after={"email": email, "role": account.role, "academy_code": academy_code},
    )
    return account
