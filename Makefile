# Dienst-DNA: `make run` installs and starts everything, `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
export SCARF_ANALYTICS := false

.PHONY: install run test lint schema messages lock bench bench-insights bench-cards bench-suggestions bench-nudges bench-load clean

install: $(INSTALLED) $(NODE_INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

# Spectral (the NL API Design Rules linter) comes from npm with exact pins; without npm the
# lint test skips and says so.
$(NODE_INSTALLED): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the Spectral lint test will be skipped"; \
	fi

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Dienst-DNA runs on http://127.0.0.1:$(PORT)/  (a page with every link below)"
	@echo "  API:            http://127.0.0.1:$(PORT)/api/v1"
	@echo "  OpenAPI:        http://127.0.0.1:$(PORT)/api/v1/openapi.json"
	@echo "  API docs:       http://127.0.0.1:$(PORT)/api/v1/docs  (Redoc: /api/v1/redoc)"
	@echo "  Admin:          http://127.0.0.1:$(PORT)/admin/"
	@echo "  Demo logins (password: zeventerpen): demo-medewerker, demo-redacteur,"
	@echo "    demo-organisator, demo-coach, demo-analist, demo-beheerder, demo-oosterdijk"
	@echo ""
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn backend.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

schema: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --lang nl --file openapi/openapi.yaml

# Collect translatable texts (needs GNU gettext) and compile the catalogues (pure Python).
messages: install
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=var
	$(BIN)/python bin/compile_messages.py

# Regenerate constraints.txt from a clean environment with the newest allowed releases.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable --exclude dienst-dna > constraints.txt
	rm -rf .lock-venv

bench: install
	$(BIN)/python -m benchmarks

bench-insights: install
	$(BIN)/python -m benchmarks.insights

bench-cards: install
	$(BIN)/python -m benchmarks cards

bench-suggestions: install
	$(BIN)/python -m benchmarks suggestions

bench-nudges: install
	$(BIN)/python -m benchmarks nudges

bench-load: install
	$(BIN)/python -m benchmarks load

clean:
	rm -rf $(VENV) node_modules var
