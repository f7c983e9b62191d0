# Expedition: two commands. `make run` serves the demo; `make test` runs the suite.
.PHONY: run serve test lint clean

HOST ?= 127.0.0.1
PORT ?= 8000
PY := .venv/bin/python
export DJANGO_DEBUG ?= 1
# Test workers: one more than the cores, at most 4 (the browser tests spend much of their time waiting).
WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -ge 4 ] && echo 4 || echo $$((n + 1)))

run:
	@scripts/bootstrap.sh heif,photos
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo --admin
	@echo "Expedition is at http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/)"
	@$(PY) manage.py runserver $(HOST):$(PORT)

serve:  # production-like: DEBUG off, gunicorn, compressed static files (see docs/deploy.md)
	@HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

test:
	@scripts/bootstrap.sh dev,heif,photos
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	  else echo "npm not found: accessibility checks will be skipped"; fi
	@.venv/bin/pytest -p no:cacheprovider -n $(WORKERS) --dist loadfile

lint:
	@scripts/bootstrap.sh dev,heif,photos
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy
	@$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf .venv node_modules staticfiles test-artifacts db.sqlite3
