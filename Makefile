# The README's commands: `make run`, `make test`, and what CI runs, `make ci`.
#
# `install` and `install-dev` install the pinned, hash-checked versions of
# requirements.lock / requirements-dev.lock, then the project itself with
# --no-deps. Each leaves a stamp in the venv, so pip runs again only when the
# lock or pyproject.toml is newer than the stamp (or the venv is gone).
# pyproject.toml keeps the version ranges; `make lock` turns them into the locks.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000

INSTALLED = $(VENV)/.installed
INSTALLED_DEV = $(VENV)/.installed-dev
# pip-compile lives in a venv of its own, so the project's venv holds exactly the lock.
LOCK_VENV = $(VENV)/pip-tools
# The project itself, its dependencies being the lock's. setuptools warns at every
# editable install about folders that could shadow the package: noise here.
INSTALL_PROJECT = PYTHONWARNINGS="ignore:Editable installation" \
	$(BIN)/pip install --quiet --no-deps -e .
LOCK_FLAGS = --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-trusted-host --no-emit-find-links $(if $(UPGRADE),--upgrade)

.PHONY: run test ci install install-dev lock migrate content lint checks format clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(INSTALLED): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(INSTALL_PROJECT)
	touch $@

$(INSTALLED_DEV): requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(INSTALL_PROJECT)
	touch $@

install: $(INSTALLED)

install-dev: $(INSTALLED_DEV)

# Keeps the current pins where pyproject.toml's ranges still admit them;
# `make lock UPGRADE=1` moves every pin to the newest release in range.
# The dev lock is constrained by the runtime lock: both pin the same versions.
lock: | $(BIN)/python
	test -x $(LOCK_VENV)/bin/pip || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet "pip-tools>=7.5,<8"
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) \
		--output-file requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) \
		--extra dev --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Loading twice changes nothing: every record has a natural key. The documents'
# texts are kept with their sources when PORTAL_DOCUMENTS_DIR (../shared/seeds) is there;
# each record gets a first version, from which its public history counts changes.
content: migrate
	$(BIN)/python manage.py loaddata fixtures/*.json
	$(BIN)/python manage.py store_documents --missing-ok
	$(BIN)/python manage.py createinitialrevisions --comment "État initial" -v0

# The server, and beside it a worker for the background tasks (a document's reading,
# issue 28), stopped when the server stops (Ctrl+C or otherwise). One shell for the
# recipe, so the trap knows the worker's process id.
run: install content
	$(BIN)/python manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/pytest

# What .ci/run runs (then `make test` again on PostgreSQL), one step after another.
ci: install-dev
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory checks
	$(MAKE) --no-print-directory test

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Django's system checks, no model change without its migration, and the
# import contracts of pyproject.toml ([tool.importlinter]).
checks: install-dev
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-logo

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# PostgreSQL + 100,000 synthetic actors + gunicorn + wrk; see docs/performance.md.
bench: install
	bench/run.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache *.egg-info
