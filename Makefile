# The two commands people need are `make run` and `make test`; `make help` lists the rest.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements/dev.txt
INSTALLED := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys; print(hashlib.sha256(open('$(LOCK)','rb').read()).hexdigest()[:12])")
LOCK_FLAGS := --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras --allow-unsafe

.PHONY: help install run prepare test screenshots lint format lock migrate demo collectstatic backup restore

help: ## List the targets with what each does
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(INSTALLED) ## Create .venv and install the locked dependencies

# The address the site links to (canonical links, sitemap, feed): the default site follows it.
migrate demo prepare run: export SITE_URL ?= http://127.0.0.1:$(PORT)

migrate: install ## Apply database migrations (SQLite by default, DATABASE_URL otherwise)
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo partnership, its reviews and sample reports (safe to repeat)
	$(BIN)/python manage.py load_demo_content

collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@touch $(COLLECTED)

# Collecting (and compressing) the static files takes seconds even when nothing changed, so
# `make run` collects again only after the site's own static files or the dependencies change.
COLLECTED := staticfiles/.collected
$(COLLECTED): $(INSTALLED) $(shell find static -type f 2>/dev/null)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@touch $@

prepare: install ## Migrate if a migration is waiting and load the demo content if missing (what `run` does)
	$(BIN)/python manage.py prepare_site

run: prepare $(COLLECTED) ## Serve the site with the demo content at http://127.0.0.1:$(PORT), with its worker and scheduler
	PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_DEBUG=$${DJANGO_DEBUG:-false} PORT=$(PORT) \
		WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} $(BIN)/honcho start --procfile Procfile

test: install ## Run the whole test suite (set DATABASE_URL to run it on PostgreSQL)
	$(BIN)/python -m pytest -n auto

screenshots: install ## Refresh the README's screenshots in docs/screenshots/ from the demo content
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/browser -k screenshots

backup: install ## Save the PostgreSQL database and the uploads in one archive under backups/
	$(BIN)/python manage.py backup_site

restore: install ## Load ARCHIVE=backups/….tar into an empty PostgreSQL database and the uploads folder
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=backups/cspr-….tar"; exit 2; }
	$(BIN)/python manage.py restore_site "$(ARCHIVE)"

lint: install ## Check style and common mistakes with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Rewrite the code in the house style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install ## Re-resolve requirements/*.txt from pyproject.toml after changing a dependency
	$(BIN)/pip-compile --quiet $(LOCK_FLAGS) -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet $(LOCK_FLAGS) --extra dev -o requirements/dev.txt pyproject.toml
