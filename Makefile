# Cổng thông tin Chuyển đổi số — developer commands. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev migrate seed admin run test check hooks lint format messages worker bench lighthouse clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	@interp="$$(scripts/find-python.sh)" || exit 1; \
	echo "Creating $(VENV) with $$interp"; \
	"$$interp" -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

venv: $(PY) ## Create the virtualenv (.venv) with Python 3.12+

install: $(VENV)/.installed ## Install the pinned requirements

install-dev: $(VENV)/.installed-dev ## Install requirements and the test tools

migrate: install ## Apply migrations to the database (SQLite by default)
	$(PY) manage.py migrate --noinput

seed: migrate ## Load the seed content from ../shared/seeds (idempotent)
	$(PY) manage.py load_seed_content

admin: migrate ## Make sure an admin account exists (password printed once, or ADMIN_PASSWORD)
	$(PY) manage.py ensure_admin

run: seed admin ## Install, migrate, load the seed content and serve at http://127.0.0.1:$(PORT)
	@echo "Serving at http://127.0.0.1:$(PORT)/ (admin at /admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

check: install-dev ## System checks, missing migrations, ruff lint and format
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

hooks: install-dev ## Install the git pre-commit hook (ruff, ruff format, djhtml; see .pre-commit-config.yaml)
	$(VENV)/bin/pre-commit install

test: check ## The gates, then the whole suite on SQLite and on PostgreSQL
	@scripts/run-tests.sh $(PY)

lint: install-dev ## Ruff lint only
	$(VENV)/bin/ruff check .

format: install-dev ## Format the code with ruff and the templates with djhtml
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

messages: install ## Update locale/en from the source strings and compile it
	$(PY) manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

worker: install ## Run the background task worker (database queue, production settings)
	$(PY) manage.py db_worker

bench: seed ## Run the benchmarks in bench/ and print their figures
	DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 $(PY) bench/run.py
	DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 $(PY) bench/search.py
	DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 $(PY) bench/forum.py
	$(PY) bench/nginx.py

LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .lighthouse/node_modules/.bin/lighthouse

.lighthouse/.installed-$(LIGHTHOUSE_VERSION):
	@command -v npm >/dev/null || { echo "npm is needed for Lighthouse (apt-get install -y npm)"; exit 1; }
	npm install --prefix .lighthouse --no-save --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $@

lighthouse: seed install-dev .lighthouse/.installed-$(LIGHTHOUSE_VERSION) ## Lighthouse (mobile) on the main pages through nginx; fails below 95/100/100/100
	LIGHTHOUSE=$(LIGHTHOUSE) $(PY) scripts/lighthouse.py

clean: ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 media
