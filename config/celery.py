"""The Celery app. Broker: REDIS_URL, or an embedded file-system broker in development.

Tasks are discovered from the apps; the beat schedule is every app's ``taken`` contribution on
its AppConfig (``kern.bijdragen``), read once Django is set up (when the worker or beat imports
the task modules, before beat builds its scheduler).
"""

import os

from celery import Celery
from celery.signals import import_modules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("netwerkregie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@import_modules.connect(weak=False)
def periodieke_taken_inlezen(sender=None, **kwargs):
    """Connected after Celery's Django fix-up, which sets Django up on the same signal."""
    from kern.bijdragen import periodieke_taken

    app.conf.beat_schedule = periodieke_taken()
