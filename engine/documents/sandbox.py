"""The templates of the documents an exam office publishes, written by academies: compiled in
Jinja2's sandbox (no attribute of Python's internals, no import, no file outside the exams
folder), every printed value escaped, every name the template uses required to exist."""

from __future__ import annotations

import threading
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from engine.confirmation.render import drawable

_lock = threading.Lock()
# (exams folder, for the PDF) → environment; its own cache reloads a template changed on disk.
_environments: dict[tuple[str, bool], SandboxedEnvironment] = {}


class DocumentTemplateError(Exception):
    """A template that cannot be read, compiled or rendered, with the spec author's reason."""


def environment(root: Path, for_pdf: bool) -> SandboxedEnvironment:
    """The sandbox of one exams folder; for the PDF, letters its font lacks are replaced."""
    key = (str(root), for_pdf)
    with _lock:
        env = _environments.get(key)
        if env is None:
            env = SandboxedEnvironment(
                loader=FileSystemLoader(str(root)),
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                finalize=drawable if for_pdf else None,
                auto_reload=True,
            )
            _environments[key] = env
        return env


def load(root: Path, name: str, for_pdf: bool) -> Template:
    """The template `name` (a path such as common/documents/convocation.html under `root`)."""
    try:
        return environment(root, for_pdf).get_template(name)
    except TemplateError as exc:
        raise DocumentTemplateError(describe(exc, name)) from exc


def describe(exc: TemplateError, name: str) -> str:
    """What went wrong, as a spec author reads it: the template's line when known (Jinja
    gives it for syntax errors, and puts the template's frames in a rendering's traceback)."""
    line = getattr(exc, "lineno", None)
    if not line:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.replace("\\", "/").endswith(name):
                line = tb.tb_lineno
            tb = tb.tb_next
    where = name
    if line:
        where += f", line {line}"
    return f"{where}: {exc.message or type(exc).__name__}"


def check_template(root: Path, name: str) -> str:
    """ "" when the template compiles, else the reason (the validator reports it)."""
    env = environment(root, False)
    try:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        env.parse(source)
    except TemplateError as exc:
        return describe(exc, name)
    return ""
