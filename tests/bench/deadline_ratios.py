"""Server CPU per request of a wizard tab and of the bare page, side by side.

One client at a time, no think time: the workers' CPU just before and just after a request
is that request's cost, whatever else the machine runs; the median of SAMPLES requests is
printed (a busy machine makes single figures noisy). Each POST follows the GET of its page
(a tab POST needs the page's revision), but only the POST itself is metered.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from deadline_support import server_cpu

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "150"))
WARM_UP = 10
TARGET_GET_SHARE = 0.80
TARGET_POST_SHARE = 0.60


@dataclass(frozen=True)
class Costs:
    get_ms: float
    post_ms: float


def _metered(master: int, send: Callable[[], Any]) -> tuple[Any, float]:
    before = server_cpu(master).seconds
    result = send()
    return result, (server_cpu(master).seconds - before) * 1000


def _costs(master: int, get: Callable[[], Any], post: Callable[[Any], None]) -> Costs:
    """Median CPU of a GET and of the POST of the page it returned."""
    gets: list[float] = []
    posts: list[float] = []
    for index in range(WARM_UP + SAMPLES):
        page, get_ms = _metered(master, get)
        _, post_ms = _metered(master, lambda shown=page: post(shown))
        if index >= WARM_UP:
            gets.append(get_ms)
            posts.append(post_ms)
    return Costs(statistics.median(gets), statistics.median(posts))


def tab_costs(master: int, candidate: Any, tab: str, data: dict[str, str]) -> Costs:
    """The tab's GET and POST (Suivant) for a candidate whose draft shows `tab`."""
    from journey import JourneyError, hidden_fields

    url = f"{candidate.draft_url}/{tab}"

    def get() -> Any:
        page = candidate.http.get(candidate.base_url + url, allow_redirects=False)
        if page.status_code != 200:
            raise JourneyError(f"tab {tab}: GET status {page.status_code}")
        return page

    def post(page: Any) -> None:
        sent = candidate.http.post(candidate.base_url + url, allow_redirects=False,
                                   data=[*hidden_fields(page.text), *data.items(),
                                         ("action", "suivant")])
        if sent.status_code != 302 or sent.headers["Location"].endswith(f"/{tab}"):
            raise JourneyError(f"tab {tab}: POST status {sent.status_code}")

    return _costs(master, get, post)


def bare_costs(master: int, base_url: str, lists: bool = True) -> Costs:
    """The bare page's GET and POST (valid, redirected) on the bare app server: the one with
    the tab's lists, or the one of text inputs only."""
    import requests
    from bare_app import tab_fields
    from journey import JourneyError, csrf_token
    from wtforms import RadioField, SelectField

    http = requests.Session()
    url = base_url + ("/formulaire" if lists else "/formulaire-texte")
    values: dict[str, str] = {}
    for name, field in tab_fields(lists=lists):
        if field.field_class is SelectField:
            values[name] = field.kwargs["choices"][1][0]
        elif field.field_class is RadioField:
            values[name] = "non"
        else:
            values[name] = "texte"

    def get() -> Any:
        return http.get(url)

    def post(page: Any) -> None:
        sent = http.post(url, data={**values, "csrf_token": csrf_token(page.text)},
                         allow_redirects=False)
        if sent.status_code != 302:
            raise JourneyError(f"bare POST: status {sent.status_code}")

    return _costs(master, get, post)


def _verdict(share: float, target: float) -> str:
    return "OK" if share >= target else "BELOW TARGET"


def report(tab: Costs, bares: list[tuple[str, Costs]], tab_name: str) -> list[str]:
    lines = [f"server CPU per request, median of {SAMPLES} sequential ones; tab {tab_name}: "
             f"GET {tab.get_ms:.2f} ms, POST (Suivant) {tab.post_ms:.2f} ms"]
    for title, bare in bares:
        get_share = bare.get_ms / tab.get_ms if tab.get_ms else 0.0
        post_share = bare.post_ms / tab.post_ms if tab.post_ms else 0.0
        lines += [
            f"  bare page, {title}: GET {bare.get_ms:.2f} ms, POST {bare.post_ms:.2f} ms",
            f"    tab GET runs at {get_share:4.0%} of it (target ≥ {TARGET_GET_SHARE:.0%}: "
            f"{_verdict(get_share, TARGET_GET_SHARE)}), tab POST at {post_share:4.0%} "
            f"(target ≥ {TARGET_POST_SHARE:.0%}: {_verdict(post_share, TARGET_POST_SHARE)})",
        ]
    return lines
