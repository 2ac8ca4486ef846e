# The two commands: `make run` (portal with demo content) and `make test` (every check).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Every absolute link (the Site, emails, feeds, syndicated posts) starts with this.
PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint check migrations-check pytest bench audit lock screening-model clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

## Serve the portal with demo content at http://127.0.0.1:$(PORT), with the task worker.
run: export PORTAL_BASE_URL := $(PORTAL_BASE_URL)
run: $(VENV)/.base-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py sync_site
	$(BIN)/python manage.py rebuild_search_index
	PORT=$(PORT) PYTHON=$(BIN)/python bin/serve-dev

## Lint, Django checks, migration check and the whole pytest suite (browser tests included).
test: $(VENV)/.dev-installed lint check migrations-check pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check --fail-level WARNING

migrations-check: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(VENV)/.dev-installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

## Load-test key pages under production settings (gunicorn + wrk) against a bare Django view.
bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench $(BENCH_ARGS)

## Security audit: bandit (no unexplained medium/high finding) and pip-audit (says plainly
## when its vulnerability database cannot be reached, without failing).
audit: $(VENV)/.dev-installed
	BIN=$(BIN) bin/audit

## Re-pin dependencies from pyproject.toml (needs network access to the package index).
lock: $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-emit-index-url --no-emit-find-links -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-emit-index-url --no-emit-find-links -o requirements/dev.txt

## Retrain the crisis classifier on the dev corpus (scikit-learn, a dev dependency) and write
## portal/screening/model/crisis_classifier.json; run after any change to the dev corpus.
screening-model: $(VENV)/.dev-installed
	$(BIN)/python -m portal.screening.train

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .bench staticfiles
