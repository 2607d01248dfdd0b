"""Malformed YAML is told in plain French with its likely cause, at the parser's line and
column (engine.spec.yaml_messages)."""

from __future__ import annotations

import pytest

from engine.spec.yaml_nodes import parse_yaml

CASES = [
    (
        "a:\n  b: 1\n  c:\n    d: 2\n   e: 3\n",
        5,
        4,
        "l'indentation de la ligne 5 (3 espaces) ne correspond à aucun niveau au-dessus "
        "(le plus proche : 2 ou 4 espaces)",
    ),
    (
        "a:\n  b: 1\n    c: 2\n",
        3,
        6,
        "l'indentation de la ligne 3 (4 espaces) ne correspond à aucun niveau au-dessus",
    ),
    (
        "a:\n  - x: 1\n   y: 2\n",
        3,
        4,
        "l'indentation de la ligne 3 (3 espaces) ne correspond à aucun niveau au-dessus",
    ),
    ("a:\n  label: Note: importante\n", 2, 14, "la valeur de la ligne 2 contient « : »"),
    ("a:\n  label Note\n  b: 1\n", 3, 4, "la ligne 2 (« label Note ») n'a pas de « : »"),
    ('a:\n  b: "abc\n  c: 1\n', 2, 6, "le guillemet ouvert ici n'est jamais fermé"),
    ("a: [x, y\nb: 1\n", 2, 2, "le « [ » ouvert à la ligne 1 n'est jamais fermé"),
    ("a: {x: 1\nb: 1\n", 2, 2, "le « { » ouvert à la ligne 1 n'est jamais fermé"),
    ("a: @x\n", 1, 4, "une valeur ne peut pas commencer par « @ »"),
    ("a: *nope\n", 1, 4, "commence par « * », qui renvoie à une ancre « & » inexistante"),
    ("a:\n  b: 1\n  - c\n", 3, 3, "la ligne 3 commence un élément de liste (« - »)"),
    ("a: 1\n---\nb: 2\n", 2, 1, "la ligne 2 (« --- ») commence un second document"),
    ('a: "x" y\n', 1, 8, "du texte suit la valeur entre guillemets de la ligne 1"),
]


@pytest.mark.parametrize(("text", "line", "col", "says"), CASES)
def test_a_yaml_mistake_is_explained_in_french_at_its_place(
    text: str, line: int, col: int, says: str
) -> None:
    _node, _loader, error = parse_yaml(text.encode(), "f.yaml")
    assert error is not None
    assert (error.code, error.line, error.col) == ("E001", line, col)
    assert error.message.startswith("YAML mal formé : ")
    assert says in error.message


def test_a_tab_is_e002_in_french() -> None:
    _node, _loader, error = parse_yaml(b"a:\n\tb: 1\n", "f.yaml")
    assert error is not None and error.code == "E002"
    assert error.message == "une tabulation sert d'indentation : YAML n'indente qu'avec des espaces"
