# serialtrace — `make run` serves the app with demo data on SQLite; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := frontend/node_modules/.installed

.PHONY: run test lint typecheck schema bench bench-big setup clean

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(PY) -m backend serve

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check backend tests bench support
	$(VENV)/bin/ruff format --check backend tests bench support
	$(VENV)/bin/mypy backend bench support
	cd frontend && npx --no-install eslint . && node --test test/
	cd frontend && npx --no-install graphql-schema-linter ../schema.graphql

# mypy: strict on backend/domain, default elsewhere (pyproject.toml); part of `lint` too.
typecheck: setup
	$(VENV)/bin/mypy backend bench support

schema: setup
	$(PY) -m backend schema > schema.graphql

bench: setup
	$(PY) -m bench.bench
	$(PY) -m bench.bench_import
	$(PY) -m bench.bench_warehouse
	$(PY) -m bench.bench_live
	$(PY) -m bench.load --seconds 60 --abuse
	$(PY) -m bench.bench_big --sizes 0,1000000

# The screens and the import of 100,000 at 0 and BIG serial numbers (default 1,000,000, which
# `make bench` measures too; BIG=10000000 for the issue's size, whose build takes a while),
# SQLite and PostgreSQL, over real HTTP.
BIG ?= 1000000
bench-big: setup
	$(PY) -m bench.bench_big --sizes 0,$(BIG)

clean:
	rm -rf $(VENV) frontend/node_modules data
