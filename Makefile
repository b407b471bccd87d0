# Strait: `make` (or `make help`) lists the targets. The checks themselves live in bin/test,
# which CI (.ci/run) reaches through `make test` too.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
# `make lock UPGRADE=1` moves every pin to the newest release; plain `make lock` keeps pins.
UPGRADE ?=

.DEFAULT_GOAL := help
.PHONY: help demo test lint typecheck coverage test-sqlite test-postgres test-browser lock bench-deps bench-exchange bench-checks messages clean

help: ## list the targets
	@echo "Strait: federated police cooperation platform. Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# pip is the witness of a working venv: without python3-venv, `venv` leaves a python but no pip.
$(BIN)/pip:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Strait needs Python >= 3.11; $(PYTHON) is older (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV): install python3-venv (apt-get install python3-venv)"; exit 1; }

# Stamp files: reinstall only when a lock file or the package metadata changes.
$(VENV)/.installed-base: $(BIN)/pip requirements/base.txt pyproject.toml
	$(PIP) install -q -r requirements/base.txt
	$(PIP) install -q --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements/dev.txt
	$(PIP) install -q -r requirements/base.txt -r requirements/dev.txt
	@touch $@

demo: $(VENV)/.installed-base ## run the demo: nodes ma (:8001), es (:8002) and pt (:8003) with their users, until Ctrl-C
	$(BIN)/strait demo

test: $(VENV)/.installed-dev ## lint, type check, tests on SQLite and on PostgreSQL, browser tests (about 30 min)
	bin/test

lint: $(VENV)/.installed-dev ## ruff check and ruff format --check
	bin/test lint

typecheck: $(VENV)/.installed-dev ## mypy strait
	bin/test typecheck

test-sqlite: $(VENV)/.installed-dev ## the test suite on SQLite (browser tests excluded)
	bin/test sqlite

coverage: $(VENV)/.installed-dev ## the SQLite suite under branch coverage (about 30 min), its report and per-package floors
	bin/test coverage

test-postgres: $(VENV)/.installed-dev ## the test suite on a throwaway PostgreSQL (bin/with-postgres)
	bin/test postgres

test-browser: $(VENV)/.installed-dev ## the browser tests in headless Chromium (STRAIT_CHROMIUM)
	bin/test browser

lock: $(BIN)/pip ## regenerate requirements/*.txt from requirements/*.in with uv (UPGRADE=1 to bump)
	$(PIP) install -q uv
	$(BIN)/uv pip compile -q --python-version 3.11 $(if $(UPGRADE),--upgrade) \
		requirements/base.in -o requirements/base.txt
	$(BIN)/uv pip compile -q --python-version 3.11 $(if $(UPGRADE),--upgrade) \
		requirements/dev.in -o requirements/dev.txt
	$(BIN)/uv pip compile -q --python-version 3.11 $(if $(UPGRADE),--upgrade) \
		requirements/bench.in -o requirements/bench.txt

bench-deps: $(VENV)/.installed-dev ## optional: OpenSanctions' matcher for benchmarks/matching.py
	$(PIP) install -q -r requirements/bench.txt

bench-exchange: $(VENV)/.installed-base ## exchange pages and search with 1,000,000 messages on a throwaway PostgreSQL (QUICK=1: 100,000)
	bin/with-postgres $(BIN)/python benchmarks/exchange.py $(if $(QUICK),--quick)

bench-checks: $(VENV)/.installed-base ## partners' person checks answered by a node holding 1,000,000 persons, SQLite (QUICK=1: 20,000; POSTGRES=1)
	$(BIN)/python benchmarks/checks.py $(if $(QUICK),--quick) $(if $(POSTGRES),--postgres)

messages: $(VENV)/.installed-base ## update the ar/es/fr catalogs from the code and compile them
	cd strait && ../$(BIN)/python ../manage.py makemessages -l ar -l es -l fr --no-location -i 'migrations/*'
	cd strait && ../$(BIN)/python ../manage.py compilemessages

clean: ## remove .venv, caches, build files and test artifacts (keeps the demo data in var/)
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
	find . -path ./var -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
