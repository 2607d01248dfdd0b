"""Malformed YAML in plain French, with the likely cause: what the parser says, read against
the lines it was said about ("l'indentation de la ligne 61 ne correspond à aucun niveau
au-dessus", "la valeur de la ligne 12 contient « : »…")."""

from __future__ import annotations

import re

PREFIX = "YAML mal formé : "
_SPECIAL_STARTS = {"@": "@", "`": "`", "%": "%"}


def _content(line: str) -> str:
    """The line without its comment (outside quotes is enough for a hint)."""
    return re.sub(r"(^|\s)#.*$", "", line).rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines_above(lines: list[str], line: int) -> list[tuple[int, str]]:
    """(1-based number, text) of the lines above `line` that hold something, nearest first."""
    return [(n, lines[n - 1]) for n in range(line - 1, 0, -1) if _content(lines[n - 1]).strip()]


def levels_above(lines: list[str], line: int) -> list[int]:
    """The indentations a line may take after the lines above: the enclosing blocks' (each
    line less indented than the one below it, going up), and a list item's content."""
    levels: set[int] = set()
    limit: int | None = None
    for _, text in _content_lines_above(lines, line):
        n = _indent(text)
        if limit is not None and n >= limit:
            continue
        levels.add(n)
        stripped = text.lstrip(" ")
        if stripped.startswith("- "):
            levels.add(n + 2 + _indent(stripped[2:]))
        limit = n
        if n == 0:
            break
    return sorted(levels)


def _spaces(n: int) -> str:
    return f"{n} espace{'s' if n > 1 else ''}"


def _indentation(lines: list[str], line: int) -> str | None:
    if not 0 < line <= len(lines):
        return None
    n = _indent(lines[line - 1])
    levels = levels_above(lines, line)
    if n in levels:
        return None
    below = [level for level in levels if level < n][-1:]
    above = [level for level in levels if level > n][:1]
    near = " ou ".join(str(level) for level in (*below, *above))
    return (
        f"l'indentation de la ligne {line} ({_spaces(n)}) ne correspond à aucun niveau "
        f"au-dessus (le plus proche : {near} espaces) : alignez la ligne sur les clés de "
        "son niveau"
    )


def _previous_without_colon(lines: list[str], line: int) -> tuple[int, str] | None:
    above = _content_lines_above(lines, line)
    if not above:
        return None
    n, text = above[0]
    body = _content(text).strip()
    if ":" in body or body.startswith(("-", "[", "{", '"', "'", "|", ">")):
        return None
    return n, body


def french_problem(
    problem: str, context: str, text: str, line: int, col: int, opened_at: int | None = None
) -> str:
    """The parser's `problem` (and `context`) at `line`:`col` of `text`, in French."""
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    said = f"{context} {problem}"
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        if current.lstrip().startswith("- ") and "block mapping" in context:
            return PREFIX + (
                f"la ligne {line} commence un élément de liste (« - ») au milieu de clés : "
                "indentez-la sous la clé qui porte la liste"
            )
        before = current[: col - 1]
        if re.search(r"""["']\s*$""", before.rstrip()) or re.search(r"""["'] +\S""", current):
            return PREFIX + (
                f"du texte suit la valeur entre guillemets de la ligne {line} : mettez tout "
                "le texte entre les guillemets"
            )
        return PREFIX + (
            _indentation(lines, line)
            or f"la ligne {line} n'est ni une clé de la table au-dessus, ni un élément de sa "
            "liste : vérifiez son indentation"
        )
    if "mapping values are not allowed" in problem:
        missing = _previous_without_colon(lines, line)
        if missing is not None:
            n, body = missing
            return PREFIX + (
                f"la ligne {n} (« {body} ») n'a pas de « : » : écrivez « clé: valeur »"
            )
        if re.match(r"\s*(- )?[\w.-]+:\s+\S", current[: col - 1]):
            return PREFIX + (
                f"la valeur de la ligne {line} contient « : » : mettez-la entre guillemets "
                '(label: "Note : importante")'
            )
        return PREFIX + (
            _indentation(lines, line)
            or f"la ligne {line} est plus indentée que la clé au-dessus, qui a déjà sa valeur : "
            "alignez-la sur les clés de son niveau"
        )
    if re.search(r"did not find expected ',' or '[]}]'", problem):
        bracket = "[" if "]" in problem else "{"
        where = f" à la ligne {opened_at}" if opened_at else ""
        return PREFIX + (
            f"le « {bracket} » ouvert{where} n'est jamais fermé, ou il manque une virgule "
            "entre deux éléments"
        )
    if "cannot start any token" in problem:
        char = current[col - 1 : col]
        shown = _SPECIAL_STARTS.get(char, char)
        return PREFIX + (
            f"une valeur ne peut pas commencer par « {shown} » (ligne {line}) : mettez-la "
            'entre guillemets ("…")'
        )
    if "undefined alias" in problem:
        return PREFIX + (
            f"la valeur de la ligne {line} commence par « * », qui renvoie à une ancre « & » "
            'inexistante : mettez la valeur entre guillemets ("*…")'
        )
    if "single document" in said:
        return PREFIX + (
            f"la ligne {line} (« --- ») commence un second document : une spec n'en contient "
            "qu'un, retirez cette ligne"
        )
    if "could not find expected ':'" in problem:
        return PREFIX + (
            f"il manque « : » après la clé de la ligne {line}, ou une valeur sur plusieurs "
            "lignes n'est pas entre guillemets"
        )
    said = f"{context}, {problem}" if context else problem
    return PREFIX + f"le lecteur YAML dit « {said} »"


QUOTE_NEVER_CLOSED = PREFIX + "le guillemet ouvert ici n'est jamais fermé"
TAB_INDENT = "une tabulation sert d'indentation : YAML n'indente qu'avec des espaces"


def control_character(char: int) -> str:
    return PREFIX + (
        f"le caractère de contrôle #x{char:04x} n'a pas sa place dans un fichier YAML "
        "(est-ce un fichier binaire ?)"
    )
