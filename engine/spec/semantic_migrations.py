"""Checks of `migrations:`: each rule has one form and names what the new version holds."""

from __future__ import annotations

from engine.spec.changes import field_values, unit_codes
from engine.spec.checks_base import Checks
from engine.spec.model import Field
from engine.spec.shape import suggest


class MigrationChecks(Checks):
    def migrations(self) -> None:
        exam = self.compiled.exam
        fields = {f.code: f for f in exam.fields}
        units = unit_codes(exam)
        for i, raw in enumerate(self.data.get("migrations") or []):
            path = ("migrations", i)
            forms = [k for k in ("choices", "units", "accept") if k in raw]
            if len(forms) != 1:
                found = ", ".join(forms) if forms else "none"
                self.add(
                    "E250",
                    f"migration rule {i + 1} holds one of choices:, units: or "
                    f"accept: (found: {found})",
                    path,
                )
                continue
            for key, form in (("field", "choices"), ("only", "accept")):
                if key in raw and form not in forms:
                    self.add(
                        "E250",
                        f"migration rule {i + 1}: {key}: goes with {form}:",
                        (*path, key),
                        at_key=True,
                    )
            if forms == ["choices"]:
                self.choices(raw, path, fields)
            elif forms == ["units"]:
                for old, new in raw["units"].items():
                    if new not in units:
                        self.add(
                            "E251",
                            f"migration rule {i + 1} maps unit {old} to {new}, "
                            f"not a unit of the exam{suggest(new, units)}",
                            (*path, "units", old),
                        )

    def choices(
        self, raw: dict[str, object], path: tuple[str | int, ...], fields: dict[str, Field]
    ) -> None:
        code = raw.get("field")
        if not isinstance(code, str):
            self.add("E250", "a choices: migration rule names its field (field: code)", path)
            return
        if code not in fields:
            self.add(
                "E251",
                f"migration rule names field '{code}', not a field of the exam"
                f"{suggest(code, fields)}",
                (*path, "field"),
            )
            return
        values = field_values(self.compiled.exam, fields[code])
        table = raw.get("choices")
        if values is None or not isinstance(table, dict):
            return
        for old, new in table.items():
            if new not in values:
                self.add(
                    "E251",
                    f"migration rule maps '{old}' of field '{code}' to '{new}', "
                    f"not one of its values{suggest(str(new), values)}",
                    (*path, "choices", old),
                )
