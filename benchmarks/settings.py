"""Settings of the benchmark's gunicorn: production's (``config.settings``, DEBUG off), with the
benchmark's own URL configuration (``benchmarks.urls``: the product's URLs plus the bare
baselines) and a queue and cache prefix of its own (per database), so nothing mixes with a
developer's worker or cache on the same Redis. The product's ``config.urls`` is unchanged.
"""

from config.settings import *  # noqa: F403
from config.settings import CACHES, DATABASES

ROOT_URLCONF = "benchmarks.urls"

# Tasks queued by the pages (e-mail after a commit) go to a queue nobody consumes; the runner
# deletes it afterwards (benchmarks.runner.broker_opruimen).
CELERY_TASK_DEFAULT_QUEUE = "netwerkregie-bench-web"
# One prefix per database: the gunicorns of 1x and of the large size share one Redis, and what
# one caches (the dashboard's panels, the yearly report's figures) is never the other's.
if "KEY_PREFIX" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = f"netwerkregie-bench-{DATABASES['default']['NAME']}"
