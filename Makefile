# Lawful: `make demo` runs the whole system on SQLite with example data;
# `make test` installs what the tests need and runs them (SQLite, then PostgreSQL when
# DATABASE_URL points at one). Everything installs into .venv by itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install system-deps runtime-deps demo test lint bench clean

$(BIN)/python:
	scripts/ensure-python "$(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

system-deps:
	scripts/install-system-deps

runtime-deps:
	scripts/install-system-deps runtime

demo: install runtime-deps
	scripts/demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --settings=lawful.test_settings
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=lawful.test_settings

test: install system-deps lint
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL ($$DATABASE_URL) =="; \
		scripts/postgres-up "$$DATABASE_URL" && $(BIN)/pytest; \
	else \
		echo "DATABASE_URL is not set: skipped the PostgreSQL run (see README)"; \
	fi

bench: install
	$(BIN)/python bench/run_all.py $(if $(DATABASE_URL),--database-url $(DATABASE_URL))

clean:
	rm -rf $(VENV) var .pytest_cache
