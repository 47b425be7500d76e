# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
DEMO_PASSWORD ?= hdnd-demo-2023
HOST ?= 127.0.0.1
PORT ?= 8000
export DEMO_PASSWORD

.PHONY: run setup serve backup restore test lint check bench bench-generate bench-scale bench-load messages translations

run: setup
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Everything `make run` does except serving: safe to run again and again.
setup: $(VENV)/.installed translations
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=1 $(PY) manage.py load_demo
	@echo ""
	@echo "  hdnd: http://$(HOST):$(PORT)/  (nhập liệu: http://$(HOST):$(PORT)/quan-tri/)"
	@echo "  tổng hợp 2023: http://$(HOST):$(PORT)/bao-cao/huong-son/2023/  báo cáo năm: http://$(HOST):$(PORT)/bao-cao/huong-son/2023/bao-cao-nam/"
	@echo "  Mật khẩu của mọi tài khoản mẫu ở trên / password of every demo login above: $(DEMO_PASSWORD)"
	@echo ""

# Production (docs/deploy.md): DEBUG is off, so SECRET_KEY and ALLOWED_HOSTS must be set in the
# environment. Migrates, collects the static files, then serves with gunicorn on HOST:PORT, behind
# a reverse proxy that does HTTPS. WEB_CONCURRENCY worker processes (default 2 per core + 1).
WEB_CONCURRENCY ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
serve: $(VENV)/.installed translations
	@test -n "$$SECRET_KEY" || { echo "make serve runs with DEBUG off: set SECRET_KEY (and ALLOWED_HOSTS) first; see docs/deploy.md."; exit 1; }
	@mkdir -p var
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 exec $(VENV)/bin/gunicorn hdnd.wsgi --preload --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) \
		--access-logfile - --max-requests 1000 --max-requests-jitter 100 --no-control-socket

# Report rendering on a worker (docs/deploy.md, "Beyond one machine"): with TASKS_BACKEND=database
# the web servers queue the signing of a report in the database and this renders it, here or on any
# machine with the same environment (DATABASE_URL, SECRET_KEY…). As many as wanted may run.
.PHONY: worker
worker: $(VENV)/.installed translations
	@test "$$TASKS_BACKEND" = database || { echo "make worker runs the tasks queued with TASKS_BACKEND=database: set it, for the web servers too; see docs/deploy.md."; exit 1; }
	@test -n "$$SECRET_KEY" || { echo "make worker runs with DEBUG off: set SECRET_KEY first; see docs/deploy.md."; exit 1; }
	DEBUG=0 exec $(PY) manage.py db_worker --queue-name default

# Backups (docs/deploy.md): the database and the attachments into BACKUP_DIR (var/backups), and back.
# Run them with the server's environment (DATABASE_URL, SECRET_KEY…) and as the server's user.
backup: $(VENV)/.installed
	$(PY) manage.py backup
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<time>.dump (PostgreSQL) or <time>.sqlite3 (SQLite)"; exit 1; }
	$(PY) manage.py restore "$(FILE)"

# Tests and benchmarks run with DEBUG off, so they need a key Django's deploy check calls strong.
TEST_SECRET_KEY := test-and-bench-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz

# Two workers (pytest-xdist) for the two cores these machines have; TEST_WORKERS=0 runs in one process.
# HTTPS=0: the test client and the live server speak plain HTTP (tests/test_deploy.py checks HTTPS).
# PYTHONDONTWRITEBYTECODE emptied: pytest keeps each test module compiled with its assertions
# rewritten (__pycache__, ignored by git) instead of redoing it in every worker of every run
# (about 3 s of CPU per worker) where the shell sets it.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-dev translations
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} HTTPS=0 DB_CONN_MAX_AGE=0 PYTHONDONTWRITEBYTECODE= \
		$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Django's own checks: configuration, and no model change without its migration.
check: $(VENV)/.installed
	@mkdir -p var
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Translations (README, "Translations"). `make messages` gathers the strings marked in the code and
# templates into locale/{vi,en}/LC_MESSAGES/*.po, for translating; locale_overrides/ (Vietnamese for
# Django's own strings) is kept by hand. `translations` compiles every .po whose .mo is older, with
# Debian's gettext (msgfmt); the .mo files are never committed.
MESSAGES_FLAGS := -l vi -l en --no-wrap --add-location=file --no-obsolete \
	--ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=docs --ignore=locale_overrides
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages $(MESSAGES_FLAGS)
	DEBUG=1 $(PY) manage.py makemessages -d djangojs $(MESSAGES_FLAGS)

# Each .mo is made from its .po by msgfmt as compilemessages runs it (--check-format), and only when
# older: make compares the dates itself, so when every .mo is current (most runs of make setup, test
# and serve) no Python process starts (compilemessages took about 1 s of CPU to find nothing to do).
CATALOGUES := $(shell find . \( -path ./.venv -o -path ./var -o -path ./node_modules \) -prune -o -name '*.po' -path '*/LC_MESSAGES/*' -print)
translations: $(CATALOGUES:.po=.mo)
%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "Compiling the translations needs msgfmt: apt-get install gettext"; exit 1; }
	msgfmt --check-format -o $@ $<

bench: $(VENV)/.installed-dev translations
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} $(PY) bench/run.py

# The scale benchmark (issue 15, bench/README.md) on the PostgreSQL database DATABASE_URL names:
# `bench-generate` fills an empty one with a country (BENCH_ARGS=--small: a small one), `bench-scale`
# times every page that grows with it against a hand-written SQL floor.
bench-generate: $(VENV)/.installed-dev
	$(PY) -m bench.generate $(BENCH_ARGS)
bench-scale: $(VENV)/.installed-dev translations
	$(PY) -m bench.scale $(BENCH_ARGS)

# Throughput (issue 15, point 5): gunicorn started as `serve` starts it, on the migrated database
# DATABASE_URL names (never migrated here), reviewers reading their dashboards under wrk for 60 s at
# 32 connections (Debian: apt-get install wrk); BENCH_ARGS="--seconds 15 --connections 8" to change.
bench-load: $(VENV)/.installed-dev translations
	$(PY) -m bench.load $(BENCH_ARGS)

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "hdnd needs Python 3.12 or newer, and no python3 was found. Install Python 3.13 (for example 'pyenv install 3.13')."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "hdnd needs Python 3.12 or newer; $(PYTHON) is " + sys.version.split()[0] + ". Install Python 3.13 (for example pyenv install 3.13) and run again.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@
