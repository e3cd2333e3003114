# One command for each chore. Every target creates .venv and installs what it needs first.
#   make run    install, then start the app on http://localhost:8501 (embedded SQLite store in
#               ./data; set PIVOTPOINT_DATABASE_URL for PostgreSQL)
#   make test   install test tools, then lint, type-check, validate the packs and run the tests
#   make bench  run the benchmarks; each prints one JSON line of figures
#   make fmt    format the code and apply safe lint fixes
#   make lint   ruff and mypy only
#   make messages  extract the app's strings, update each language's catalogue, compile them

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP_CORE := $(VENV)/.installed-core
STAMP_DEV  := $(VENV)/.installed-dev
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# the render queue's Redis tests: database 15, each test on a queue of its own
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# test processes (pytest-xdist): two for a 2-core machine; `make test WORKERS=4` on a larger one
WORKERS ?= 2
# axe-core, from the npm registry: the browser tests check every page they visit with it
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: run test bench fmt lint clean messages

# the app's own strings (assessment/i18n.py): one catalogue a language, German first
LOCALE := assessment/locale
POT    := $(LOCALE)/messages.pot
LANGS  := $(notdir $(wildcard $(LOCALE)/*))
EXTRACT := $(BIN)/pybabel -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -c translators: \
	--add-location=file --sort-output --width 100 --project Pivotpoint --copyright-holder "the Pivotpoint authors"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(STAMP_CORE): $(BIN)/python pyproject.toml constraints.txt
	scripts/system-deps report
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e .
	@touch $@

$(STAMP_DEV): $(STAMP_CORE)
	scripts/system-deps browser
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

# no package.json and no lock file: nothing that records a registry address is written
$(AXE): $(STAMP_DEV) Makefile
	npm install --silent --no-save --no-package-lock --no-audit --no-fund \
		--prefix $(VENV)/axe axe-core@$(AXE_VERSION)
	@touch $@

run: $(STAMP_CORE)
	$(BIN)/python -m assessment validate
	$(BIN)/streamlit run streamlit_app.py

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(AXE)
	$(BIN)/python -m assessment validate
	@if $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 6379), 2).close()' 2>/dev/null; then \
		echo "Redis answers at 127.0.0.1:6379: the render queue's Redis tests use it"; \
		export TEST_REDIS_URL="$${TEST_REDIS_URL:-$(REDIS_TEST_URL)}"; \
	else \
		echo "################################################################"; \
		echo "# Redis is not answering at 127.0.0.1:6379:                    #"; \
		echo "# the Redis render queue tests are SKIPPED in this run.        #"; \
		echo "################################################################"; \
	fi; \
	if $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' 2>/dev/null; then \
		echo "PostgreSQL answers at 127.0.0.1:5432: store tests use it"; \
		TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$(PG_URL)}" $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal; \
	else \
		echo "################################################################"; \
		echo "# PostgreSQL is not answering at 127.0.0.1:5432:               #"; \
		echo "# the PostgreSQL tests are SKIPPED in this run.                #"; \
		echo "################################################################"; \
		$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal; \
	fi

# extract -> update -> compile; a language is a folder under assessment/locale (docs/translating.md)
messages: $(STAMP_CORE)
	$(EXTRACT) -o $(POT) .
	@for lang in $(filter-out messages.pot,$(LANGS)); do \
		$(BIN)/pybabel -q update -i $(POT) -d $(LOCALE) -l $$lang --width 100 --no-fuzzy-matching || exit 1; \
	done
	$(BIN)/pybabel -q compile -d $(LOCALE) --statistics

bench: $(STAMP_DEV)
	@for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

fmt: $(STAMP_DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
