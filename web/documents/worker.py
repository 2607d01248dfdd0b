"""`python -m web.documents.worker`: a job worker (huey's consumer) of the portal's queue.

Start as many as the machines allow, on any machine that reaches the database and the queue
(JOBS_QUEUE_URL: the SQLite file on one machine, PostgreSQL or Redis across machines).
SIGTERM or SIGINT stops it after the tasks in hand; a task cut short is simply done again
(docs/operations.md). The web app is built in each worker process, after the fork.
"""

from __future__ import annotations

import argparse
import logging
import sys

from huey.consumer import Consumer

import web.documents.builtin  # noqa: F401  (registers the kinds)
import web.documents.tasks  # noqa: F401  (registers the tasks)
import web.results.computation  # noqa: F401  (registers the results computation)
from web.documents.queue import bind, environment_url, huey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m web.documents.worker", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="tasks run at once, one process each (default 1)"
    )
    parser.add_argument(
        "--type",
        choices=("process", "thread"),
        default="process",
        help="process (default: rendering is CPU-bound) or thread",
    )
    args = parser.parse_args(argv)
    # The process in each line: which worker ran which chunk.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(processName)s %(name)s %(message)s"
    )
    bind(environment_url())
    from web import create_app

    web.documents.tasks.app_factory = create_app
    consumer = Consumer(
        huey,
        workers=args.workers,
        worker_type=args.type,
        periodic=False,
        initial_delay=0.05,
        backoff=1.5,
        max_delay=1.0,
    )
    consumer.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
