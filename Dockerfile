# Netwerkregie: the production image (gunicorn + whitenoise). Used by docker-compose.yml for the
# web server, the Celery worker and beat; see docs/production.md.
#
# BASE_IMAGE: any image with Python 3.11+ whose `python` and `pip` are on PATH and may install
# packages (the official python images do). The default is Docker Hub's; `make image` builds the
# same file on a Debian base of its own (`--build-arg BASE_IMAGE=localhost/...`), without a
# registry.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    MEDIA_ROOT=/data/media

WORKDIR /app

# The runtime dependencies from pyproject.toml (no dev extra), in a layer of their own so that a
# code change does not reinstall them. The wheel of this project carries no templates, static
# files or translations (pyproject.toml declares no package data), so the application runs from
# the source in /app (PYTHONPATH) and not from site-packages.
COPY pyproject.toml README.md ./
RUN pip install . \
    && rm -rf build *.egg-info

COPY . .

# Static files are collected once, at build time, for whitenoise. Settings refuse to load without
# a SECRET_KEY and a SIGNALEN_KOPPELSLEUTEL when DEBUG is off: these throwaway ones (visible in
# the image history, they sign and key nothing) are set for this step only; the containers get
# the real ones from the environment. The database and broker URLs keep settings from creating
# var/; nothing connects to them.
RUN DEBUG=false \
    SECRET_KEY=alleen-voor-collectstatic-tijdens-de-build \
    SIGNALEN_KOPPELSLEUTEL=koppelsleutel-alleen-voor-collectstatic-tijdens-de-build \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput

# Code and static files stay owned by root; the application user may only write uploads (the
# media volume), its home (gunicorn's control socket) and /tmp (celery beat's schedule).
RUN useradd --system --user-group --uid 10001 --create-home --home-dir /home/netwerkregie \
        --shell /usr/sbin/nologin netwerkregie \
    && mkdir -p /data/media \
    && chown netwerkregie:netwerkregie /data/media
USER netwerkregie

EXPOSE 8000

# /gezond/ answers "ok" when the database is reachable. The Host header is the first entry of
# ALLOWED_HOSTS, and X-Forwarded-Proto keeps SECURE_SSL_REDIRECT (behind a TLS proxy, with
# USE_X_FORWARDED_PROTO) from redirecting the check to https.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = h if h not in ('', '*') else 'localhost'; u.urlopen(u.Request('http://127.0.0.1:8000/gezond/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

# Bind address, workers and an access log without query strings: gunicorn.conf.py.
CMD ["gunicorn", "config.wsgi:application"]
