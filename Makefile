# Flux: `make run` serves the site with demo content; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint check install install-dev clean bench lighthouse soak backup restore

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
	@# Where this run serves, for manage.py commands in other shells (links in emails): fluxsite/settings.py.
	@echo "$${SITE_URL:-http://127.0.0.1:$${PORT:-8000}}" > .flux/site_url
	@echo "Serving Flux at http://127.0.0.1:$${PORT:-8000}/ (Ctrl-C stops it)"
	@# gunicorn and the queue worker (restarted if it exits), stopped together: fluxsite/serve.py
	$(PY) -m fluxsite.serve

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

# The suite runs against a throwaway embedded PostgreSQL unless DATABASE_URL is set.
test: $(VENV)/.installed-dev .flux/secret_key lint | node_modules/vnu-jar/build/dist/vnu.jar
	$(PY) -m fluxsite.embedded_pg -- $(MAKE) --no-print-directory test-inner

test-inner:
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# The valid-HTML test runs the Nu Html Checker (vnu-jar, pinned in package.json) on Java.
node_modules/vnu-jar/build/dist/vnu.jar:
	@command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund || echo "make: npm is missing, so tests/fluxsite/test_valid_html.py will fail (sudo apt-get install -y npm)"

# Benchmarks (never part of `make test`): see docs/performance.md. BENCH_ARGS="--fresh --sweep" etc.
bench: $(VENV)/.installed .flux/secret_key
	@command -v wrk >/dev/null 2>&1 || { echo "bench: installing wrk (Debian package)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null); } \
		|| { echo "make bench needs wrk: sudo apt-get install -y wrk"; exit 1; }
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Lighthouse (mobile preset) on home, an article and the directory; scores go into docs/performance.md.
lighthouse: $(VENV)/.installed .flux/secret_key
	@command -v chromium >/dev/null 2>&1 || { echo "make lighthouse needs Debian's chromium: sudo apt-get install -y chromium"; exit 1; }
	@test -x node_modules/.bin/lighthouse || npm i -E --no-audit --no-fund lighthouse@12.2.3
	$(PY) benchmarks/lighthouse.py

# pg_dump + media tar into backups/<timestamp>/; `make restore` takes the latest, BACKUP=<name> another.
backup: $(VENV)/.installed .flux/secret_key
	$(PY) manage.py backup

restore: $(VENV)/.installed .flux/secret_key
	$(PY) manage.py restore $(BACKUP)

# Five minutes at 64 connections against production settings; see docs/reliability.md.
soak: $(VENV)/.installed .flux/secret_key
	$(PY) benchmarks/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) staticfiles .flux/cache .flux/cache-test*
