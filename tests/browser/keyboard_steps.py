"""A candidate who uses the keyboard alone: Tab and Shift+Tab to move, Enter and Space to act,
the arrows to choose, and typing into text fields. Nothing is clicked, filled or selected by
script; each step checks where the focus is, and every page's title is kept for the flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

MAX_PRESSES = 250  # Tab presses to reach an element at most (the header's links included)

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return {id: e.id || "", tag: e.tagName.toLowerCase(), type: e.type || "",
          name: e.getAttribute("name") || "", value: e.value === undefined ? "" : e.value,
          checked: !!e.checked};
}"""

DIRECTION = """s => {
  const t = document.querySelector(s), a = document.activeElement;
  if (!t) throw new Error("no " + s);
  if (!a || a === document.body) return "Tab";
  return a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING ? "Shift+Tab" : "Tab";
}"""


@dataclass
class Keyboard:
    page: Any
    titles: dict[str, str] = field(default_factory=dict)  # page (path?query) → its title
    pages: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ where the focus is

    def focused(self) -> dict[str, Any] | None:
        return self.page.evaluate(FOCUSED)  # type: ignore[no-any-return]

    def focused_id(self) -> str:
        now = self.focused()
        return str(now["id"]) if now else ""

    def matches(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                "s => !!document.activeElement && document.activeElement.matches(s)", selector
            )
        )

    def assert_focus(self, selector: str) -> None:
        assert self.matches(selector), f"focus on {self.focused()}, expected {selector}"

    # ------------------------------------------------------------------ moving

    def tab_to(self, selector: str) -> None:
        """Tab until the element is focused, or Shift+Tab when it comes before the focus;
        fails if it is never reached (hidden, disabled, or out of the Tab order)."""
        key = self.page.evaluate(DIRECTION, selector)
        for _ in range(MAX_PRESSES):
            if self.matches(selector):
                return
            self.page.keyboard.press(key)
        raise AssertionError(f"{selector} never reached with {key} (focus on {self.focused()})")

    def skip_to_content(self) -> None:
        """On a page just loaded, the first Tab stop is the skip link « Contenu »: Enter moves
        into the main (nothing to do once the focus is in the page)."""
        if self.focused() is not None:
            return
        self.page.keyboard.press("Tab")
        self.assert_focus("a[href='#contenu']")
        self.page.keyboard.press("Enter")
        self.assert_focus("#contenu")

    # ------------------------------------------------------------------ answering

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def choose(self, selector: str, value: str) -> None:
        """A closed select: the arrows move through its options (and fire change)."""
        self.tab_to(selector)
        values = self.page.eval_on_selector(selector, "s => [...s.options].map(o => o.value)")
        assert value in values, f"{value} not offered by {selector}"
        current = self.page.eval_on_selector(selector, "s => s.selectedIndex")
        target = values.index(value)
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert self.page.eval_on_selector(selector, "s => s.value") == value

    def pick_radio(self, name: str, value: str) -> None:
        """Tab enters the group (on its checked radio, else its first); the arrows check."""
        self.tab_to(f"input[type=radio][name='{name}']")
        values = self.page.eval_on_selector_all(
            f"input[type=radio][name='{name}']", "rs => rs.map(r => r.value)"
        )
        now = self.focused()
        assert now is not None
        start, target = values.index(now["value"]), values.index(value)
        if start == target:
            if not now["checked"]:
                self.page.keyboard.press("Space")
        else:
            key = "ArrowDown" if target > start else "ArrowUp"
            for _ in range(abs(target - start)):
                self.page.keyboard.press(key)
        assert self.page.is_checked(f"input[type=radio][name='{name}'][value='{value}']")

    def tick(self, selector: str, checked: bool = True) -> None:
        self.tab_to(selector)
        if self.page.is_checked(selector) != checked:
            self.page.keyboard.press("Space")
        assert self.page.is_checked(selector) == checked

    def answer(self, name: str, value: str) -> None:
        """One wizard question by its name, whatever control asks it."""
        first = self.page.locator(f'[name="{name}"]:not([type=hidden])').first
        tag = first.evaluate("e => e.tagName.toLowerCase()")
        kind = first.get_attribute("type") or ""
        if tag == "select":
            self.choose(f'select[name="{name}"]', value)
        elif kind == "radio":
            self.pick_radio(name, value)
        elif kind == "checkbox":
            self.tick(f'input[name="{name}"][value="{value}"]')
        else:
            self.type_into(f'[name="{name}"]', value)

    # ------------------------------------------------------------------ acting

    def press_button(self, selector: str) -> None:
        """Tab to a button or link and press Enter; waits for the next page and keeps its
        title."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.arrived()

    def arrived(self) -> None:
        self.page.wait_for_load_state("load")
        url = urlsplit(self.page.url)
        where = url.path + (f"?{url.query}" if url.query else "")
        title = str(self.page.title())
        self.pages.append(where)
        self.titles.setdefault(where, title)

    def assert_titles_unique(self) -> None:
        """Every page met in the flow has a title of its own."""
        by_title: dict[str, list[str]] = {}
        for where, title in self.titles.items():
            by_title.setdefault(title, []).append(where)
        shared = {t: w for t, w in by_title.items() if len(w) > 1}
        assert not shared, f"pages sharing a title: {shared}"

    # ------------------------------------------------------------------ the portal

    def login(self, live: Any, email: str, password: str) -> None:
        self.page.goto(live.path("account.login"))
        self.arrived()
        self.skip_to_content()
        self.type_into("#identifiant", email)
        self.type_into("#password", password)
        self.press_button("#bouton-se-connecter")

    def choose_exam(self, exam_code: str, session_id: int, academy: str) -> None:
        """Mes inscriptions → Ajouter une nouvelle candidature → the chain → Démarrer."""
        self.skip_to_content()
        self.press_button("#ajouter-candidature")
        for select, value in (
            ("#domaine", "examen"),
            ("#examen", exam_code),
            ("#session", str(session_id)),
            ("#academie", academy),
        ):
            self.skip_to_content()
            self.choose(select, value)
            self.press_button("#bouton-valider-choix")
        self.skip_to_content()
        self.press_button("#bouton-demarrer")

    def fill_tab(self, answers: dict[str, str], button: str = "#bouton-suivant") -> None:
        """Answer a wizard tab from its top, then Tab on to the button and press Enter."""
        self.skip_to_content()
        for name, value in answers.items():
            self.answer(name, value)
        self.press_button(button)
        errors = self.page.locator("#resume-erreurs")
        assert not errors.count(), errors.inner_text()
