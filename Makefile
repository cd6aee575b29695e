# Two commands do all the setup (see README): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Two workers: the suite is CPU-bound and CI machines have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test install demo check-deploy lint messages bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

## Serve the portal with demo data on http://127.0.0.1:8000 (SQLite, local files, console e-mail).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	$(BIN)/python manage.py demo_scoring
	$(BIN)/python manage.py demo_awards
	$(BIN)/python manage.py demo_reporting
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the test suite (SQLite by default; PostgreSQL when DATABASE_URL is set).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || { echo "Model changes without migrations."; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

check-deploy: install
	DEBUG=False SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=grants.example.ca \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

## Lint and the architecture's import contracts (pyproject.toml [tool.importlinter]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: install
	$(BIN)/python manage.py makemessages -l fr --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) node_modules staticfiles
