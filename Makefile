# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The port `make run` serves the site on: `make run PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: run test lint format install browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_sample_catalogue
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_sample_activities
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; install it (with CJK fonts) when missing and we may.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	  else echo "Install Debian's chromium and fonts-noto-cjk (sudo apt-get install chromium fonts-noto-cjk)" >&2; exit 1; fi; \
	fi

# Test tooling only (never served), pinned in tests/browser/package-lock.json: axe-core for the accessibility
# checks (tests/browser/test_phone.py, test_conformance.py) and the W3C Nu HTML checker, vnu-jar (its vnu.jar runs
# on the machine's Java; --ignore-scripts skips the package's own download of a Java). One stamp for both: a
# changed package.json or lock installs them again. `touch`: npm keeps the packages' own (old) file dates.
BROWSER_TOOLS := tests/browser/node_modules/.installed
$(BROWSER_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (sudo apt-get install npm) to run the browser tests" >&2; exit 1; }
	@command -v java >/dev/null 2>&1 || { echo "java is missing: install a Java runtime (sudo apt-get install default-jre-headless) for the Nu HTML checker" >&2; exit 1; }
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
	test -f tests/browser/node_modules/axe-core/axe.min.js && test -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar
	touch $@

test: $(STAMP) browser $(BROWSER_TOOLS)
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
