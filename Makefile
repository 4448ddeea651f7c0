# Flux: `make run` serves the site with demo content; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint check install install-dev clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

.flux/secret_key:
	mkdir -p .flux
	umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: $(VENV)/.installed .flux/secret_key
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py ensure_editor
	@echo "Serving Flux at http://127.0.0.1:$${PORT:-8000}/ (Ctrl-C stops it)"
	# One queue worker for confirmation emails and newsletter batches; Ctrl-C stops it with gunicorn.
	$(PY) manage.py procrastinate worker -q newsletter &
	exec $(VENV)/bin/gunicorn fluxsite.wsgi -c fluxsite/gunicorn.conf.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

# The suite runs against a throwaway embedded PostgreSQL unless DATABASE_URL is set.
test: $(VENV)/.installed-dev .flux/secret_key lint
	$(PY) -m fluxsite.embedded_pg -- $(MAKE) --no-print-directory test-inner

test-inner:
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .flux/cache .flux/cache-test
