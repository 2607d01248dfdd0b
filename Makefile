# examforms: every target sets up what it needs (virtual environment, npm packages) on its own.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test test-sqlite test-fast test-browser test-postgres bench mutation lint validate lint-specs preview fmt clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

# Migrations, demo data, local SMTP sink (var/mail/*.eml), mail worker and the portal on
# http://127.0.0.1:5000/ under gunicorn; Ctrl-C stops everything.
# RUN_ARGS="--port 5077" changes the port, RUN_ARGS=--flask-dev uses Flask's own server.
RUN_ARGS ?=
run: setup
	$(PY) -m web.dev.devserver $(RUN_ARGS)

# The suite in two passes on two workers: everything (browser tests included, one Chromium
# per worker) on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets
# it) what can differ between databases: the tests using the database (marker `db`, added
# automatically) but the browser journeys (the same requests as the web tests, which run
# there) and the tests marked `db_agnostic` (markup, titles, headers: the same on every
# database). The PostgreSQL-restart, worker-kill and scale-out tests run in that pass only.
# `make -k` runs both passes and fails if one did. test-fast (no browser) and test-browser
# run a part, for a quicker loop while developing.
PYTEST := $(PY) -m pytest -q
XDIST ?= -n 2
POSTGRES_PASS := db and not browser and not db_agnostic

test: setup
	@$(MAKE) --no-print-directory -k test-sqlite test-postgres

test-sqlite: setup
	$(PYTEST) $(XDIST)

test-fast: setup
	$(PYTEST) $(XDIST) -m "not browser"

test-browser: setup
	$(PYTEST) $(XDIST) -m browser

test-postgres: setup
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
	  echo "make test-postgres: TEST_DATABASE_URL is not set, PostgreSQL pass SKIPPED (.ci/run sets it)"; \
	else \
	  echo "$(PYTEST) $(XDIST) --db=postgres -m '$(POSTGRES_PASS)'"; \
	  $(PYTEST) $(XDIST) --db=postgres -m '$(POSTGRES_PASS)'; \
	fi

bench: setup
	$(PY) -m tests.bench

# Mutation testing of the engine's deciding modules with the engine tests (mutmut, configured
# in pyproject.toml), then the score per module (tools/mutation_score.py): long, so not part
# of `make test`. A full run starts from a fresh mutants/ folder; MUTATION_MODULES="engine.rules*
# engine.acquis*" reruns those modules' mutants only, keeping the others' results.
# MUTATION_CHILDREN is the number of test processes (one per core by default).
MUTATION_CHILDREN ?= $(shell nproc 2>/dev/null || echo 2)
MUTATION_MODULES ?=
mutation: setup
	@if [ -z "$(MUTATION_MODULES)" ]; then rm -rf mutants; fi
	HYPOTHESIS_PROFILE=mutation $(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) \
	  $(patsubst %,'%',$(MUTATION_MODULES))
	$(PY) tools/mutation_score.py

lint: setup
	$(VENV)/bin/ruff check engine web tests deploy
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -c pyproject.toml -r engine web

validate: setup
	$(PY) -m engine validate exams/*.yaml

# Every problem of the shipped specs as `file:line:col: error CODE: message`, the line CI
# systems annotate; fails on an error (.ci/run runs it before the tests).
lint-specs: setup
	$(PY) -m engine validate --format ci exams

# The live preview of one spec on http://127.0.0.1:5050/ (PORT=0 picks a free port):
# make preview SPEC=exams/cap.yaml
SPEC ?= exams/cfg.yaml
PORT ?= 5050
preview: setup
	$(PY) -m engine preview $(SPEC) --port $(PORT)

clean:
	rm -rf $(VENV) node_modules
