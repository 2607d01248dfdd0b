"""Catalogue entries (title, fix hint) of the `results:` checks (engine.spec.semantic_results),
merged into engine.errors.CATALOGUE; each is documented in docs/errors.md."""

from __future__ import annotations

RESULTS_ERRORS: dict[str, tuple[str, str]] = {
    "E260": (
        "Results rule naming an unknown unit",
        "Name a unit code of the exam (common_units or a speciality's units).",
    ),
    "E261": (
        "Second group requiring an unknown results group",
        "Name the code of one of results.groups (of the exam, or of the speciality's results).",
    ),
    "E262": (
        "Results group with no unit",
        "List the units whose average the group shows in its units:.",
    ),
    "E263": (
        "Mark out of range",
        "Write a mark from 0 to 20 (for method points, from 0 to the most points).",
    ),
    "E264": (
        "Mark with more than two decimals",
        "Write marks with at most two decimals, as grades are (12.25, not 12.255).",
    ),
    "E265": (
        "Weight that is not positive",
        "Give second_group.weights and out_of numbers above 0.",
    ),
    "E266": (
        "Mentions out of order",
        "Give each mention its own min_average, at or above the pass mark.",
    ),
    "E267": (
        "Second group that can never apply",
        "Give second_group.min_average a mark below results.pass_mark (8 for the bac pro).",
    ),
    "E268": (
        "out_of with an average",
        "Write out_of with method: points only (an average is out of 20).",
    ),
    "E332": (
        "Scale with an average",
        "Write scales with method: points only (an average takes any grade out of 20).",
    ),
    "E333": (
        "Scale not in increasing order",
        "List a unit's points from the lowest level to the highest, each once (10, 20, 25, 30).",
    ),
    "W261": (
        "Result needing a coefficient the spec lacks",
        "Write the unit's coefficient, or say in results.unavailable why it is not known yet.",
    ),
}
