"""The establishments candidates choose: the shipped list overlaid with the offices' table.

`create_app` plugs `DatabaseSource` into `engine.establishments`, so the wizard's select, the
Récapitulatif, Mes inscriptions and the confirmation PDF all read the same merged list:

- the shipped list (exams/reference/etablissements.json) is parsed once per process by the
  engine's FileSource: it only changes with a new release;
- an academy's rows of the `establishment` table (a few per academy) are merged over it and
  the result kept in the app's memory under the academy's version token
  (`establishment_list_version`), which every change replaces in its own transaction;
- each request reads the tokens once (one small query, remembered in `flask.g`) and reloads
  an academy whose token is not the one its cached list was built under.

Two processes therefore never disagree for longer than a request: the truth (rows and token)
is in the database, the memory only holds what a token names. The token is read before the
rows, so a list cached under a token is never older than that token.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine import establishments as engine_establishments
from engine.establishments import NATIONAL, Establishment, FileSource
from web.core import db as database
from web.core.models import EstablishmentEntry, EstablishmentListVersion, utcnow
from web.core.text import search_key

CACHE_KEY = "examforms.establishments"
_TOKENS = "establishment_tokens"      # flask.g: academy → token read in this context
_CODES = "establishment_codes"        # flask.g: code of an office's addition → its academy
_KEPT = "establishment_kept"          # flask.g: deactivated codes still offered (keep_offered)
_SHIPPED = FileSource()               # the shipped file: read once per process, never changed


@dataclass(frozen=True)
class Listed:
    """One line of an academy's list: the establishment as candidates see it, and its story."""

    establishment: Establishment
    national: bool                    # in the shipped list (else: added by the office)
    active: bool = True
    national_label: str = ""          # the shipped list's label, when the office corrected it
    updated_at: datetime | None = None
    updated_by: str = ""

    @property
    def code(self) -> str:
        return self.establishment.code

    @property
    def corrected(self) -> bool:
        return bool(self.national_label)


@dataclass(frozen=True)
class AcademyList:
    """An academy's whole list (deactivated entries too) as of one version token."""

    token: str | None
    entries: tuple[Listed, ...]
    by_code: dict[str, Listed] = field(default_factory=dict)
    offered: tuple[Establishment, ...] = ()


def shipped() -> FileSource:
    return _SHIPPED


def display_order(e: Establishment) -> tuple[bool, str, str]:
    """The portal's entries without UAI first (INDIVIDUELS 035), then by name, accents aside."""
    return bool(e.uai), search_key(e.label), e.code


def merged(academy: str, token: str | None, rows: Iterable[EstablishmentEntry]) -> AcademyList:
    """The shipped entries of `academy` with the office's rows applied over them."""
    lines = {e.code: Listed(e, national=True) for e in _SHIPPED.of_academy(academy)}
    for row in rows:
        base = lines.get(row.code)
        if base is not None:
            shipped_label = base.establishment.label
            found = replace(base.establishment, label=row.label or shipped_label)
            national_label = shipped_label if found.label != shipped_label else ""
        else:
            found = Establishment(row.code, row.uai, row.label, row.academy_code,
                                  row.departement)
            national_label = ""
        lines[row.code] = Listed(found, national=base is not None, active=row.active,
                                 national_label=national_label, updated_at=row.updated_at,
                                 updated_by=row.updated_by)
    entries = tuple(sorted(lines.values(), key=lambda line: display_order(line.establishment)))
    return AcademyList(token, entries, {line.code: line for line in entries},
                       tuple(line.establishment for line in entries if line.active))


def _cache(app: Flask) -> dict[str, AcademyList]:
    # Per app, not per module: tests build many apps (one database each) in one process.
    return app.extensions.setdefault(CACHE_KEY, {})  # type: ignore[no-any-return]


def _memo(name: str) -> dict[str, Any]:
    if name not in g:
        setattr(g, name, {})
    return getattr(g, name)  # type: ignore[no-any-return]


def token_of(db: Session, academy: str) -> str | None:
    """The academy's version token, read once per app context (with the national one)."""
    tokens = _memo(_TOKENS)
    if academy not in tokens:
        wanted = {academy, NATIONAL} - tokens.keys()
        found = dict(db.execute(select(EstablishmentListVersion.academy_code,
                                       EstablishmentListVersion.token)
                                .where(EstablishmentListVersion.academy_code.in_(wanted))).all())
        for code in wanted:
            tokens[code] = found.get(code)
    return tokens[academy]  # type: ignore[no-any-return]


def academy_list(db: Session, academy: str) -> AcademyList:
    """The academy's merged list, from the app's memory unless its token moved."""
    token = token_of(db, academy)
    cache = _cache(current_app)
    cached = cache.get(academy)
    if cached is None or cached.token != token:
        rows = db.scalars(select(EstablishmentEntry)
                          .where(EstablishmentEntry.academy_code == academy))
        cached = merged(academy, token, rows)
        cache[academy] = cached
    return cached


def find(db: Session, code: str) -> Listed | None:
    """Any academy's entry by its code, deactivated ones too (a candidature keeps its own)."""
    known = _SHIPPED.get(code)
    if known is not None:
        return academy_list(db, known.academy).by_code.get(code)
    codes = _memo(_CODES)
    if code not in codes:
        codes[code] = db.scalar(select(EstablishmentEntry.academy_code)
                                .where(EstablishmentEntry.code == code))
    academy = codes[code]
    return academy_list(db, academy).by_code.get(code) if academy is not None else None


def touch(db: Session, academy: str) -> None:
    """Give the academy a new version token, in the caller's transaction (with its change):
    every process reloads the academy's list on its next request once it commits."""
    token = secrets.token_hex(16)
    now = utcnow()
    moved = db.execute(update(EstablishmentListVersion)
                       .where(EstablishmentListVersion.academy_code == academy)
                       .values(token=token, updated_at=now)).rowcount  # type: ignore[attr-defined]
    if not moved:
        # Two first changes at once: the second commit fails on the key, and is retried.
        db.add(EstablishmentListVersion(academy_code=academy, token=token, updated_at=now))
        db.flush()
    _memo(_TOKENS).pop(academy, None)
    _memo(_CODES).clear()


def keep_offered(codes: Iterable[object]) -> None:
    """For the rest of this request, keep offering the deactivated entries among `codes`: a
    candidature being modified may keep the establishment it chose before it closed."""
    _memo(_KEPT).update(dict.fromkeys(c for c in codes if isinstance(c, str)))


def offered(db: Session, academy: str) -> tuple[Establishment, ...]:
    listing = academy_list(db, academy)
    kept = _memo(_KEPT)
    if not kept:
        return listing.offered
    return tuple(line.establishment for line in listing.entries
                 if line.active or line.code in kept)


class DatabaseSource:
    """The engine's EstablishmentSource over the merged list of the current app's database.

    Stateless itself (the cache is the app's): one instance serves every app of the process.
    Outside a portal app's context (a CLI of the engine, its tests, the spec preview, which
    has no database) it answers with the shipped list.
    """

    def of_academy(self, academy: str) -> Sequence[Establishment]:
        if not _with_database():
            return _SHIPPED.of_academy(academy)
        return offered(database.session(), academy)

    def get(self, code: str) -> Establishment | None:
        if not _with_database():
            return _SHIPPED.get(code)
        found = find(database.session(), code)
        return found.establishment if found is not None else None


def _with_database() -> bool:
    return has_app_context() and CACHE_KEY in current_app.extensions


def init_app(app: Flask) -> None:
    _cache(app)
    engine_establishments.use_source(DatabaseSource())
