# Tradefair: `make demo` sets up and serves the demo expo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on two processes (pytest-xdist), a file to a process: tests that start a
# server on a fixed port (Janus, SMTP) keep to one process. PYTEST_ARGS="-n 0" runs it in one.
PYTEST_ARGS ?= -n 2 --dist loadfile
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format security audit bench clean messages compile-messages cluster cluster-stop cluster-status

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tradefair needs Python 3.11 or newer")'
	@if [ ! -x $(BIN)/python ]; then \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	    rm -rf $(VENV); \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "Installing python3-venv from Debian packages"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	    else echo "Cannot create a virtual environment: install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; }; \
	fi
	@# PDFs (badges, letters, communiqué) need DejaVu for Latin, Cyrillic and Arabic and Noto for Arabic shaping.
	@if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -e /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing PDF fonts from Debian packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-noto-core >/dev/null; \
	  else echo "Warning: install fonts-dejavu-core and fonts-noto-core for PDFs in every script"; fi; \
	fi
	@# PyICU (CLDR collation: country lists in the reader's order) builds against the system's ICU.
	@if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v g++ >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing ICU (for PyICU) from Debian packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	  else echo "Warning: install libicu-dev, pkg-config and g++ to build PyICU"; fi; \
	fi
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements.lock -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/tradefair demo --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# High-severity findings fail; medium ones are reviewed in docs/security.md.
security: install
	$(BIN)/bandit -q -r src -lll

# Known vulnerabilities of the pinned dependencies (pip-audit over requirements.lock). A
# finding fails unless docs/security.md accepts it with a reason; an unreachable
# vulnerability service only warns. AUDIT_SERVICE=osv asks OSV instead of PyPI.
AUDIT_SERVICE ?= pypi
audit: install
	$(BIN)/python .ci/audit.py --service $(AUDIT_SERVICE)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Interface strings: extract them into every catalog (English is filled with the source
# text), translate the new entries, then compile. CONTRIBUTING.md has the whole recipe.
LANGUAGES := zh_Hans en ja ko ru mn fr de es ar
CATALOGS = src/tradefair/locale/*/LC_MESSAGES/django.po
EN_CATALOG = src/tradefair/locale/en/LC_MESSAGES/django.po
messages: install
	cd src/tradefair && ../../$(BIN)/tradefair makemessages $(addprefix -l ,$(LANGUAGES)) --no-obsolete --add-location file
	@# A new catalog starts with gettext's template header: name the project and the language.
	for po in $(CATALOGS); do \
	  lang=$$(basename $$(dirname $$(dirname $$po))); \
	  sed -i -e '/^#, fuzzy$$/{N;s/^#, fuzzy\nmsgid ""$$/msgid ""/}' \
	    -e 's/^# SOME DESCRIPTIVE TITLE\.$$/# Tradefair interface strings./' \
	    -e "s/^# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER$$/# Copyright (C) Tradefair contributors/" \
	    -e 's/^# This file is distributed under the same license as the PACKAGE package\.$$/# This file is distributed under the same license as Tradefair./' \
	    -e '/^# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR\.$$/d' \
	    -e 's/^"Project-Id-Version: PACKAGE VERSION\\n"$$/"Project-Id-Version: Tradefair\\n"/' \
	    -e 's/^"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"$$/"Last-Translator: Tradefair contributors\\n"/' \
	    -e 's/^"Language-Team: LANGUAGE <LL@li.org>\\n"$$/"Language-Team: Tradefair\\n"/' \
	    -e 's/^"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"$$/"PO-Revision-Date: '"$$(date -u +%Y-%m-%d\ %H:%M+0000)"'\\n"/' \
	    -e 's/^"Language: \\n"$$/"Language: '"$$lang"'\\n"/' $$po; \
	done
	@# English is the source text itself; changed strings are refilled, never left fuzzy.
	msgattrib --clear-fuzzy --empty -o $(EN_CATALOG) $(EN_CATALOG)
	msgen -o $(EN_CATALOG) $(EN_CATALOG)

compile-messages: install
	cd src/tradefair && ../../$(BIN)/tradefair compilemessages

# The deployed topology on this machine (docs/deployment.md): PostgreSQL, Redis, two
# gunicorn web nodes, a Celery worker and beat behind nginx on :18000. CLUSTER_ARGS=--small
# loads a small demo instead of the full one.
CLUSTER_ARGS ?=
cluster: install
	$(BIN)/python deploy/cluster.py up $(CLUSTER_ARGS)

cluster-stop:
	$(BIN)/python deploy/cluster.py down

cluster-status:
	$(BIN)/python deploy/cluster.py status

bench: install
	$(BIN)/python bench/demo_load.py

clean:
	rm -rf $(VENV) var .cluster
