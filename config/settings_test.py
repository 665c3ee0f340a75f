"""Test settings: the real settings, plus what only a test run needs.

The environment is still read in config/settings.py only; this module supplies a throwaway
secret when none is set and keeps the test run fast and isolated.
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-" + "geheim-alleen-voor-tests-" * 3)
os.environ.setdefault("SIGNALEN_KOPPELSLEUTEL", "test-koppelsleutel-alleen-voor-tests")

from .settings import *  # noqa: E402,F403
from .settings import CACHES, REDIS_URL, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
SECURE_SSL_REDIRECT = False
SITE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


def _redis_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


if REDIS_URL:
    # Tests flush the cache: keep them on Redis databases of their own, away from a running site.
    CACHES = {"default": {**CACHES["default"], "LOCATION": _redis_db(REDIS_URL, 15)}}
    CELERY_BROKER_URL = _redis_db(REDIS_URL, 14)

# Uploaded files (signed convenants) of a test run go to a throwaway folder.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="netwerkregie-test-media-")
