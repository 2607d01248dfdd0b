"""`python -m engine.confirmation cfg|cap|cap-spec|bacpro-spec OUT.pdf`: an example to look at."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from engine.confirmation.model import ConfirmationData
from engine.confirmation.render import render_confirmation_html, render_confirmation_pdf
from engine.confirmation.samples import cap_example, cfg_example, spec_example

EXAMPLES: dict[str, Callable[[], ConfirmationData]] = {
    "cfg": cfg_example,
    "cap": cap_example,
    "cap-spec": partial(spec_example, "cap"),        # built from exams/cap.yaml
    "bacpro-spec": partial(spec_example, "bacpro"),  # built from exams/bacpro.yaml
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in EXAMPLES or not argv[1].endswith((".pdf", ".html")):
        print(f"usage: python -m engine.confirmation {'|'.join(EXAMPLES)} OUT.pdf|OUT.html",
              file=sys.stderr)
        return 2
    data = EXAMPLES[argv[0]]()
    out = Path(argv[1])
    if out.suffix == ".html":
        out.write_text(render_confirmation_html(data), encoding="utf-8")
    else:
        out.write_bytes(render_confirmation_pdf(data))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
