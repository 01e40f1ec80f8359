# Quick start: `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in "Cite this essay", feeds and e-mails point at the server make run starts.
SITE_URL ?= http://127.0.0.1:$(PORT)
# DJANGO_DEBUG and the secret (from var/secret_key) come from .env, which make run fills in.
RUN_ENV = SITE_URL='$(SITE_URL)'

.PHONY: run test install lint format bench clean chromium

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# make run installs what the site needs; make test, lint and bench add the test extras.
$(VENV)/.installed-site: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-site
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed-site

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# A database in real use (essays or users seed_demo did not make) is served as it is.
run: install var/secret_key
	@$(BIN)/python -m config.devenv --site-url '$(SITE_URL)'
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --skip-if-in-use --images
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the spam queue worker (Ctrl-C stops both)"
	@$(RUN_ENV) $(BIN)/python manage.py process_spam_queue --forever & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's chromium; as root we install it, otherwise say what is missing.
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent

test: $(VENV)/.installed-test chromium tests/browser/node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every row of issue #17 with its ratio; WORDPRESS_URL=http://… adds the WordPress reference.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/site_bench.py --lighthouse

clean:
	rm -rf $(VENV) var/static
