# examforms: every target sets up what it needs (virtual environment, npm packages) on its own.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test bench lint validate fmt clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

run: setup
	$(PY) -m engine show exams/*.yaml

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m tests.bench

lint: setup
	$(VENV)/bin/ruff check engine web tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

validate: setup
	$(PY) -m engine validate exams/*.yaml

clean:
	rm -rf $(VENV) node_modules
