"""Browser fixtures: Debian's Chromium driven by Playwright, screenshots, axe-core checks."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from portal_steps import CANDIDATE_PASSWORD, OpenSession, Portal, open_in_rennes

CHROMIUM = os.environ.get("EXAMFORMS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path("/tmp/examforms-screenshots")
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 1.4.10: content reflows at 320 CSS px (a 1280 px window at 400 % zoom is as wide).
REFLOW_WIDTH = 320
REFLOW_SCRIPT = """(limit) => {
    // What a reader sees (text, images, form controls) may pass the right edge only inside a
    // container scrolling on its own (a table's wrapper); boxes alone (a wrapper's negative
    // margin) do not count, nor what an ancestor clips away (DSFR's icon-only buttons).
    const visibleRight = (el, right) => {
        for (let box = el; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.visibility === 'hidden' || style.position === 'fixed') return null;
            if (style.clip !== 'auto' || style.clipPath !== 'none') return null;
            if (box !== el && ['auto', 'scroll'].includes(style.overflowX)) return null;
            if (['hidden', 'clip'].includes(style.overflowX)) {
                right = Math.min(right, box.getBoundingClientRect().right);
            }
        }
        return right;
    };
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className.trim()
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const beyond = [];
    const check = (el, box, what) => {
        if (box.width === 0 || box.height === 0 || box.right <= limit + 1) return;
        const right = visibleRight(el, box.right);
        if (right !== null && right > limit + 1) {
            beyond.push(`${what} ends at ${Math.round(right)} px`);
        }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const parent = node.parentElement;
        check(parent, range.getBoundingClientRect(),
              `${name(parent)} "${node.textContent.trim().slice(0, 40)}"`);
    }
    const controls = 'img, svg, input, select, textarea, button, video, canvas, iframe, object';
    for (const el of document.body.querySelectorAll(controls)) {
        const parent = el.parentElement;
        check(el, el.getBoundingClientRect(), `${name(parent)} > ${name(el)}`);
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        bodyScrollWidth: document.body.scrollWidth,
        beyond: beyond.slice(0, 8),
    };
}"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep each phase's report on the item so the page fixture knows the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium per session (never `playwright install`: Debian's package is the browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests drive Debian's Chromium. "
            "Install it with `apt-get install chromium` (.ci/run does it on CI).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:150]


class PageProblems:
    """What the page reported that a candidate would suffer from: JS errors, CSP refusals."""

    def __init__(self, tab: Any) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._tab = tab

    def on_console(self, message: Any) -> None:
        if message.type != "error" or "Content Security Policy" not in message.text:
            return
        where = message.location or {}
        source = f"{where.get('url', '?')}:{where.get('lineNumber', '?')}"
        line = f"console on {self._tab.url} (from {source}): {message.text}"
        # DSFR's own script now and then has an inline style refused (seen on logged-in pages,
        # not reproducible on demand); a lost style is cosmetic, a refused script is not.
        if "Applying inline style" in message.text and "/dsfr/" in source:
            self.warnings.append(line)
        else:
            self.errors.append(line)

    def on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught on {self._tab.url}: {error}")


@pytest.fixture
def make_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context (no cookies shared), French, of the given viewport."""
    opened: list[tuple[Any, PageProblems]] = []

    def open_page(width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        # The portal's CSP (script-src 'self') rightly refuses add_script_tag's inline script;
        # an init script goes through DevTools instead, so axe is there and the CSP stays whole.
        if AXE_SCRIPT.exists():
            context.add_init_script(path=str(AXE_SCRIPT))
        tab = context.new_page()
        problems = PageProblems(tab)
        tab.on("console", problems.on_console)
        tab.on("pageerror", problems.on_page_error)
        opened.append((context, problems))
        return tab

    yield open_page
    errors = [e for _, problems in opened for e in problems.errors]
    for warning in (w for _, problems in opened for w in problems.warnings):
        print(f"\nWARNING (not failing the test): {warning}")
    for context, _ in opened:
        context.close()
    assert not errors, "the page reported errors:\n" + "\n".join(errors)


@pytest.fixture
def page(make_page: Callable[..., Any], request: pytest.FixtureRequest) -> Iterator[Any]:
    """A desktop-size page in a fresh context; screenshotted if the test fails."""
    tab = make_page()
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"FAILED-{_slug(request.node.nodeid)}.png"
        try:
            tab.screenshot(path=str(target), full_page=True)
            print(f"\nscreenshot of the failure: {target} (url {tab.url})")
        except Exception as exc:  # noqa: BLE001 - the test's own failure matters more
            print(f"\nno screenshot of the failure: {exc}")


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under /tmp/examforms-screenshots/<name>.png."""

    def take(tab: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{_slug(name)}.png"
        tab.screenshot(path=str(target), full_page=True)
        return target

    return take


def format_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"axe-core: {len(violations)} violation(s) on {where}"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def run_axe(tab: Any) -> list[dict[str, Any]]:
    """Every WCAG 2.0 and 2.1 A/AA violation axe-core finds on the page as it is now."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} missing: run `make setup` (npm installs axe-core)", False)
    assert tab.evaluate("() => typeof window.axe !== 'undefined'"), "axe-core not loaded"
    return list(
        tab.evaluate(
            """async () => {
                const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                    resultTypes: ['violations'],
                });
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({
                        target: n.target, html: n.html, failureSummary: n.failureSummary,
                    })),
                }));
            }"""
        )
    )


@pytest.fixture
def axe_check() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; fail on any violation, whatever
    its impact (minor and moderate ones included)."""

    def check(tab: Any) -> list[dict[str, Any]]:
        result = run_axe(tab)
        assert not result, format_violations(result, tab.url)
        return result

    return check


class AccessibilityAudit:
    """A tour of pages: each one screenshotted (as it is and at 320 px), checked by axe-core
    with zero violations of any impact at both widths, and measured for reflow at 320 px; all
    problems are reported at the end."""

    def __init__(self, shoot: Callable[[Any, str], Path]) -> None:
        self._shoot = shoot
        self.pages: list[str] = []
        self.reports: list[str] = []
        self.widths: dict[str, int] = {}

    def __call__(self, tab: Any, name: str) -> None:
        tab.wait_for_load_state()
        self._shoot(tab, name)
        self.pages.append(name)
        found = run_axe(tab)
        if found:
            self.reports.append(format_violations(found, f"{name} ({tab.url})"))
        self.reflow(tab, name)

    def reflow(self, tab: Any, name: str) -> None:
        size = tab.viewport_size
        tab.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
        try:
            tab.wait_for_function(f"() => window.innerWidth === {REFLOW_WIDTH}")
            # Two frames: the page's resize handlers have run before anything is measured.
            tab.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            measured = tab.evaluate(REFLOW_SCRIPT, REFLOW_WIDTH)
            self._shoot(tab, f"{name}-320px")
            # The narrow layout is a state of its own (menu button, tables scrolling in place).
            narrow = run_axe(tab)
        finally:
            tab.set_viewport_size(size)
        if narrow:
            self.reports.append(format_violations(narrow, f"{name} at {REFLOW_WIDTH} px"))
        width = max(measured["scrollWidth"], measured["bodyScrollWidth"])
        self.widths[name] = width
        if width > REFLOW_WIDTH or measured["beyond"]:
            self.reports.append(
                f"reflow at {REFLOW_WIDTH} px on {name} ({tab.url}): the page is {width} px "
                "wide; past the right edge: " + "; ".join(measured["beyond"])
            )

    def assert_clean(self) -> None:
        print("scroll widths at 320 px: " + ", ".join(f"{k}={v}" for k, v in self.widths.items()))
        assert not self.reports, "\n\n".join(self.reports)


@pytest.fixture
def accessibility_audit(screenshot: Callable[[Any, str], Path]) -> AccessibilityAudit:
    return AccessibilityAudit(screenshot)


@pytest.fixture
def portal(page: Any, live_server: Any) -> Portal:
    """The live portal in the test's page, with the SMTP sink receiving its mail."""
    return Portal(page, live_server)


@pytest.fixture
def cfg_session_open_in_aix(live_server: Any) -> OpenSession:
    """A CFG session whose general-public period is open now in Aix-Marseille only."""
    from web.core import db as database
    from web.core import reference
    from web.core.models import ExamSession, RegistrationPeriod, utcnow

    with live_server.app.app_context():
        # Codes come from the reference data (they changed once already): look them up by name.
        codes = {label: code for code, label in reference.academies()}
        aix = next(code for label, code in codes.items() if "AIX-MARSEILLE" in label)
        amiens = next(code for label, code in codes.items() if "AMIENS" in label)
        db = database.session()
        session = ExamSession(exam_code="cfg", label="CFG 2027", year=2027)
        now = utcnow()
        session.periods.append(
            RegistrationPeriod(
                academy_code=aix,
                opens_at=now - timedelta(days=3),
                closes_at=now + timedelta(days=30),
            )
        )
        db.add(session)
        db.commit()
        return OpenSession(str(session.id), aix, amiens)


@pytest.fixture
def cfg_open_in_rennes(live_server: Any) -> int:
    """A CFG session open now in Rennes, with the Rennes exam office; returns its id."""
    return open_in_rennes(live_server, "cfg")


@pytest.fixture
def rennes_candidate(live_server: Any) -> Any:
    """An activated account of a candidate born in Rennes."""
    from web.account.services import email_key
    from web.core import db as database
    from web.core.models import Account, utcnow
    from web.core.security import hash_password

    address = f"paul.lamy.{uuid.uuid4().hex[:10]}@example.org"
    with live_server.app.app_context():
        db = database.session()
        account = Account(
            email=address,
            email_key=email_key(address),
            password_hash=hash_password(CANDIDATE_PASSWORD),
            activated_at=utcnow(),
            sexe="M",
            nom_naissance="LAMY",
            prenoms="Paul",
            date_naissance=date(2002, 1, 1),
            pays_naissance="FR",
            departement_naissance="35",
            commune_naissance="35238",
            commune_naissance_label="Rennes",
        )
        db.add(account)
        db.commit()
        db.expunge(account)
    return account
