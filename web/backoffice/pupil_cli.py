"""`flask import-pupils FILE.csv --exam cap --session "JUIN 2027" --academy reims`.

The back office's import (web.backoffice.pupils.importer) from the command line: the whole
file or nothing, each refused line printed with its number and reason; the audit entry
names the command line as its author. The slips are printed from the back office.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask

from engine.csvtext import CsvRefused
from web.backoffice.pupils import importer
from web.backoffice.sessions import find_part, find_session
from web.core import db as database
from web.registration.context import exam_of, known_academy


def init_app(app: Flask) -> None:
    @app.cli.command("import-pupils")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--exam", "exam_code", required=True, help="code of the exam (e.g. cap)")
    @click.option("--session", "label", required=True,
                  help='label of the session, e.g. "JUIN 2027"')
    @click.option("--academy", required=True, help="academy the session is open in (e.g. reims)")
    def import_pupils(file: Path, exam_code: str, label: str, academy: str) -> None:
        """Pre-register the pupils of a CSV file into a session (all lines or none)."""
        started = time.perf_counter()
        db = database.session()
        exam = exam_of(exam_code)
        if exam is None:
            raise click.ClickException(f"Aucun examen de code {exam_code!r} n'est servi.")
        if not known_academy(academy):
            raise click.ClickException(f"Académie inconnue : {academy!r}.")
        session = find_session(db, exam_code, label)
        part = find_part(db, session.id, academy) if session is not None else None
        if session is None or part is None or part.is_closed:
            raise click.ClickException(
                f"La session {label!r} de l'examen {exam_code} n'est pas ouverte dans "
                f"l'académie {academy} (flask open-session).")
        try:
            text = importer.decode(file.read_bytes())
        except CsvRefused as refused:
            raise click.ClickException(refused.message) from refused
        target = importer.Target(exam, session, academy)
        planned = importer.plan(db, target, text)
        if not planned.accepted:
            db.rollback()
            for problem in planned.refused:
                click.echo(problem, err=True)
            raise click.ClickException(
                f"Le fichier n'est pas importé : {len(planned.refused)} problème(s). "
                "Corrigez les lignes signalées, puis relancez la commande.")
        done = importer.apply(db, None, target, planned)
        db.commit()
        click.echo(f"{done.count} élève(s) de {done.classes} classe(s) pré-inscrit(s) en "
                   f"{time.perf_counter() - started:.1f} s. Les papillons de connexion "
                   "s'impriment depuis la gestion (Élèves).")
