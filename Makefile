# Copilote — everyday commands.
#
#   make venv            create .venv and install the pinned dependencies
#   make demo            run the demo (SQLite under var/) on http://127.0.0.1:8000
#                        (another port: make demo PORT=8001)
#   make test            the whole test suite on SQLite (end-to-end tests in Debian's Chromium)
#   make test-postgres   the same suite on a throwaway PostgreSQL 15 cluster
#   make lint            ruff
#   make typecheck       mypy --strict on the pure modules (composition solver)
#
# Extra pytest arguments: make test PYTEST_ARGS="-k governance -x"

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
PORT ?= 8000
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: venv demo test test-postgres lint typecheck system-packages

venv: $(VENV)/.stamp

# Reinstall whenever a lock file or the project metadata changes.
$(VENV)/.stamp: requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: venv
	$(BIN)/copilote demo --port $(PORT)

# System packages the tests need: Debian's Chromium (end-to-end tests), Pango (PDF documents
# with WeasyPrint), DejaVu fonts with Noto as the fallback for every other character (emoji,
# symbols, rare scripts), and LibreOffice (every generated deck and minutes must open in it).
# Installed when we can (root), reported otherwise.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji libreoffice-core libreoffice-writer libreoffice-impress

system-packages:
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then \
		:; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing >/dev/null; \
	else \
		echo "NOTE: missing Debian packages:$$missing (sudo apt-get install$$missing);" \
			"end-to-end and LibreOffice tests will be skipped (and fail when CI=true)." >&2; \
	fi

test: venv system-packages
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv system-packages
	scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

# Strict typing of the pure modules (the composition solver); also run by the test suite.
TYPED := copilote/composition/problem.py copilote/composition/heuristic.py \
	copilote/composition/solver.py copilote/composition/explain.py

typecheck: venv
	$(BIN)/mypy --strict $(TYPED)
