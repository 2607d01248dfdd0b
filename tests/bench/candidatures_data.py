"""100,000 generated candidatures on PostgreSQL for the back-office benchmark (COPY, ~seconds).

A schema of its own on the server of TEST_DATABASE_URL (or DATABASE_URL), migrated to head,
then: one CFG session of 10,000 candidatures and one CAP session of 90,000 in Rennes (the
gestionnaire's scope), and 2,000 CAP candidatures in Nantes that must never show. Answers
are real stored answers of the specs (the export computes their units), names are drawn
from common French surnames so that a prefix search finds a realistic number of rows.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, text

from web.core.text import search_key

CFG_ROWS = 10_000
CAP_ROWS = 90_000
OUT_OF_SCOPE_ROWS = 2_000
SURNAMES = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL "
    "LEFEBVRE LEROY ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE "
    "ROUSSEAU VINCENT MULLER LEFÈVRE FAURE ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER "
    "FRANÇOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLÉMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU "
    "GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOËL MEYER DUFOUR MEUNIER BRUN "
    "BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD BARBIER ARNAUD MARTINEZ GÉRARD ROCHE "
    "RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER FABRE AUBERT LEMOINE RENAUD "
    "DUMAS LACROIX OLIVIER PHILIPPE BOURGEOIS PIERRE BENOÎT REY LECLERC PAYET ROLLAND LE-GALL"
).split()
FIRST_NAMES = ("Paul Claire Jeanne Louis Emma Hugo Léa Lucas Chloé Nathan Inès Jules Manon "
               "Gabriel Camille Arthur Zoé Raphaël Louise Adam Alice").split()


@dataclass(frozen=True)
class BenchDatabase:
    base_url: str
    schema: str
    rennes_cfg: int
    rennes_cap: int

    @property
    def url(self) -> str:
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}options=-csearch_path%3D{self.schema}"


def server_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    return url if url.startswith("postgresql") else None


def _answers_templates() -> dict[str, list[dict[str, Any]]]:
    """Stored answers (as the wizard prunes them) per exam, a few shapes each."""
    from engine.specs import load_exam

    cap = load_exam("exams/cap.yaml")
    base = {
        "nationalite": "FR", "adresse_pays": "FR", "adresse_1": "12 rue de la Monnaie",
        "code_postal": "35000", "localite": "RENNES", "telephone_mobile": "0612345678",
        "pcs_representant_legal": "21", "email": "candidat@example.org",
        "etablissement": "individuels-35", "consentement_presse": False,
        "consentement_collectivites": True,
    }
    empty = {"diplomas": [], "grades": [], "renounced": []}
    cfg = [{"fields": {**base, "categorie": "individuel", "amenagement": aid},
            "acquis": empty, "units": {"chosen": [], "languages": {}}} for aid in (False, True)]
    categories = [c.code for c in cap.categories if c.self_registration][:4]
    caps = []
    for speciality in (s.code for s in cap.specialities):
        for category in categories:
            for aid in (False, True):
                diplomas = [{"diploma": "bep", "year": 2015, "academy": "rennes"}] if aid else []
                caps.append({
                    "fields": {**base, "modalites_acceptees": True, "categorie": category,
                               "amenagement": aid, "specialite": speciality,
                               "forme": "globale", "dispense_eps": False},
                    "acquis": {**empty, "diplomas": diplomas},
                    "units": {"chosen": [], "languages": {}},
                })
    return {"cfg": cfg, "cap": caps}


def _session(conn: Any, exam: str, label: str, academies: tuple[str, ...]) -> int:
    now = datetime.now(UTC).replace(tzinfo=None)
    session_id = int(conn.execute(text(
        "INSERT INTO exam_session (exam_code, label, year, starts_on, closed) "
        "VALUES (:e, :l, 2027, '2027-06-01', false) RETURNING id"), {"e": exam, "l": label}
    ).scalar_one())
    for academy in academies:
        conn.execute(text(
            "INSERT INTO registration_period (session_id, academy_code, audience, opens_at, "
            "closes_at) VALUES (:s, :a, 'grand_public', :o, :c)"),
            {"s": session_id, "a": academy, "o": now - timedelta(days=60),
             "c": now - timedelta(days=5)})
        conn.execute(text(
            "INSERT INTO session_academy (session_id, academy_code, created_at) "
            "VALUES (:s, :a, :n)"), {"s": session_id, "a": academy, "n": now})
    return session_id


def _copy_rows(engine: Engine, rows: list[tuple[Any, ...]], table: str,
               columns: tuple[str, ...]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


ACCOUNT_COLUMNS = (
    "id", "email", "email_key", "password_hash", "role", "sexe", "nom_naissance", "nom_usage",
    "prenoms", "date_naissance", "pays_naissance", "departement_naissance", "commune_naissance",
    "commune_naissance_label", "candidate_number", "activated_at", "created_at",
    "session_version", "name_key", "usage_name_key",
)
CANDIDATURE_COLUMNS = (
    "id", "account_id", "exam_code", "session_id", "academy_code", "state", "created_at",
    "inscription_number", "version", "answers", "spec_version", "spec_hash", "updated_at",
    "speciality_code", "category_code", "accommodation_requested", "pieces_status",
)
STATES = ("inscrit",) * 17 + ("desinscrit_candidat", "desinscrit_gestionnaire", "ecartee")
PIECES = ("a_fournir",) * 5 + ("a_controler", "a_controler", "non_conforme", "conforme")


def generate(engine: Engine, rennes_cfg: int, rennes_cap: int, nantes_cap: int) -> int:
    """Insert the accounts and candidatures; returns how many candidatures."""
    rng = random.Random(2027)
    templates = _answers_templates()
    dumped = {exam: [json.dumps(a) for a in shapes] for exam, shapes in templates.items()}
    now = datetime.now(UTC).replace(tzinfo=None)
    plan = ([("cfg", rennes_cfg, "rennes")] * CFG_ROWS + [("cap", rennes_cap, "rennes")] * CAP_ROWS
            + [("cap", nantes_cap, "nantes")] * OUT_OF_SCOPE_ROWS)
    accounts, candidatures = [], []
    numbers: dict[tuple[int, str], int] = {}
    for index, (exam, session_id, academy) in enumerate(plan, 1):
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.3:
            surname = f"{surname}-{rng.choice(SURNAMES)}"
        usage = rng.choice(SURNAMES) if rng.random() < 0.15 else ""
        email = f"bench{index}@example.org"
        born = date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        accounts.append((
            index, email, email, "unused", "candidat", rng.choice("FM"), surname, usage,
            rng.choice(FIRST_NAMES), born, "FR", "35", "35238", "Rennes",
            f"027{index:08d}", now, now, 1, search_key(surname)[:100], search_key(usage)[:100],
        ))
        shape = rng.randrange(len(dumped[exam]))
        answers = templates[exam][shape]["fields"]
        numbers[(session_id, academy)] = numbers.get((session_id, academy), 0) + 1
        candidatures.append((
            index, index, exam, session_id, academy, rng.choice(STATES), now,
            f"{numbers[(session_id, academy)]:03d}", 1, dumped[exam][shape], "1", "bench", now,
            answers.get("specialite", ""), answers["categorie"], answers["amenagement"],
            rng.choice(PIECES),
        ))
    _copy_rows(engine, accounts, "account", ACCOUNT_COLUMNS)
    _copy_rows(engine, candidatures, "candidature", CANDIDATURE_COLUMNS)
    with engine.begin() as conn:
        for table in ("account", "candidature"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE account"))
        conn.execute(text("VACUUM ANALYZE candidature"))
    return len(candidatures)


def create(base_url: str) -> BenchDatabase:
    """A new schema, migrated, filled; drop it with `drop` when done."""
    from alembic import command

    from web.core.migrate import alembic_config

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    draft = BenchDatabase(base_url, schema, 0, 0)
    command.upgrade(alembic_config(draft.url), "head")
    engine = create_engine(draft.url)
    with engine.begin() as conn:
        cfg = _session(conn, "cfg", "JUIN 2027", ("rennes",))
        cap = _session(conn, "cap", "JUIN 2027", ("rennes", "nantes"))
    generate(engine, cfg, cap, cap)
    engine.dispose()
    return BenchDatabase(base_url, schema, cfg, cap)


def drop(database: BenchDatabase) -> None:
    admin = create_engine(database.base_url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{database.schema}" CASCADE'))
    admin.dispose()
