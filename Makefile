# Copilote — everyday commands.
#
#   make venv            create .venv and install the pinned dependencies
#   make demo            run the demo (SQLite under var/) on http://127.0.0.1:8000
#   make test            the whole test suite on SQLite (end-to-end tests in Debian's Chromium)
#   make test-postgres   the same suite on a throwaway PostgreSQL 15 cluster
#   make lint            ruff
#
# Extra pytest arguments: make test PYTEST_ARGS="-k governance -x"

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
CHROMIUM := /usr/bin/chromium
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: venv demo test test-postgres lint chromium

venv: $(VENV)/.stamp

# Reinstall whenever a lock file or the project metadata changes.
$(VENV)/.stamp: requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: venv
	$(BIN)/copilote demo

# End-to-end tests need Debian's Chromium: install it when we can (root), say so otherwise.
chromium:
	@if [ -x $(CHROMIUM) ]; then \
		:; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the end-to-end tests..."; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq chromium; \
	else \
		echo "NOTE: $(CHROMIUM) is missing, so the end-to-end tests will be skipped" \
			"(and fail when CI=true). Install it with: sudo apt-get install chromium" >&2; \
	fi

test: venv chromium
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv chromium
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
