"""Checks of `documents:`: each template exists under common/ and compiles in the sandbox."""

from __future__ import annotations

from pathlib import Path

from engine.documents.sandbox import check_template
from engine.documents.templates import resolve
from engine.spec.checks_base import Checks


class DocumentChecks(Checks):
    def documents(self) -> None:
        spec_path = Path(self.compiled.exam.path)
        for kind, name in (self.data.get("documents") or {}).items():
            path = ("documents", kind)
            root = resolve(spec_path, name)
            if root is None:
                self.add(
                    "E270",
                    f"document '{kind}': template '{name}' is not a file of the "
                    "exams' common/ folder",
                    path,
                )
                continue
            problem = check_template(root, name)
            if problem:
                self.add(
                    "E271", f"document '{kind}': the template does not compile: {problem}", path
                )
