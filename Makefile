# Two commands do all the setup (see README): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Two workers: the suite is CPU-bound and CI machines have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run serve test install demo check-deploy lint messages bench-rush clean

$(STAMP): pyproject.toml package.json package-lock.json
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

## Serve the portal with demo data on http://127.0.0.1:8000 (SQLite, local files, console e-mail), and the task
## worker that sends its e-mails; Ctrl+C stops both.
run: export DEBUG := True
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py demo_scoring
	$(BIN)/python manage.py demo_awards
	$(BIN)/python manage.py demo_reporting
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## The production settings on this machine: gunicorn, the task worker and PostgreSQL (SERVE_DATABASE_URL), over
## plain HTTP on http://127.0.0.1:8000 (no HTTPS redirect, cookies without the Secure flag); Ctrl+C stops both.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_serve
serve: export DEBUG := False
serve: export DATABASE_URL := $(SERVE_DATABASE_URL)
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SITE_URL ?= http://127.0.0.1:8000
serve: export SECURE_SSL_REDIRECT := False
serve: export SECURE_COOKIES := False
serve: export SECURE_HSTS_SECONDS := 0
serve: export CONN_MAX_AGE ?= 60
serve: install
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (and keep it: sessions and MFA secrets depend on it)."; exit 1; }
	$(BIN)/python scripts/ensure_database.py
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn portal.wsgi

## Run the test suite (SQLite by default; PostgreSQL when DATABASE_URL is set).
test: install
	DEBUG=True $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || { echo "Model changes without migrations."; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

## The deadline rush (Locust, gunicorn, the worker, PostgreSQL, local S3): about 13 minutes; see README.
bench-rush: install
	$(BIN)/python bench/rush/run.py

check-deploy: install
	DEBUG=False SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=grants.example.ca \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

## Lint and the architecture's import contracts (pyproject.toml [tool.importlinter]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: export DEBUG := True
messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) node_modules staticfiles
