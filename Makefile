# Netwerkregie: `make run` to try it, `make test` to test it. See README.md.
VENV    := .venv
PYTHON  ?= python3
BIN     := $(CURDIR)/$(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export PATH := $(BIN):$(PATH)

.PHONY: run test lint e2e install clean messages chromium

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## The site on http://127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all three.
run: export DEBUG ?= true
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	@echo "Netwerkregie draait op http://127.0.0.1:8000  (beheer: http://127.0.0.1:8000/beheer/)"
	$(BIN)/honcho --procfile Procfile.dev start

## Lint, migrations check and the whole test suite (browser tests included).
test: $(VENV)/.installed lint chromium
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

e2e: $(VENV)/.installed chromium
	$(BIN)/pytest tests/e2e

## Debian's Chromium for the browser tests (never a downloaded browser): installed here when it
## can be (as root, or with sudo that asks no password); otherwise it says what to do.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then aptget="env DEBIAN_FRONTEND=noninteractive apt-get"; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    aptget="sudo env DEBIAN_FRONTEND=noninteractive apt-get"; \
	  else \
	    echo "De browsertests hebben Debian's Chromium nodig ($(CHROMIUM))."; \
	    echo "Installeer het met:  sudo apt-get install chromium   en start make test opnieuw."; \
	    echo "Alleen de tests zonder browser:  $(BIN)/pytest -m 'not e2e'"; \
	    exit 1; \
	  fi; \
	  echo "Debian's Chromium installeren voor de browsertests (apt-get install chromium)"; \
	  $$aptget update -qq && $$aptget install -y -qq --no-install-recommends chromium; \
	fi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

## Compile the Dutch texts in locale/ (the .mo files are committed; needs gettext's msgfmt).
messages:
	msgfmt -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

## The benchmark suite (benchmarks/README.md): every row of issue 16, needs DATABASE_URL
## (a PostgreSQL server; its database is never touched) and REDIS_URL. BENCH_ARGS passes
## options, e.g. make bench BENCH_ARGS="--grootte 1x --seconden 3".
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

## The production image (docs/production.md, "The image"): built from the Dockerfile with podman
## on a Debian base of its own (bootstrapped once and cached), then migrate, gunicorn, the Celery
## worker and beat run inside it against DATABASE_URL's PostgreSQL; needs root. CI runs it.
.PHONY: image
image: $(VENV)/.installed
	$(BIN)/python .ci/image.py
