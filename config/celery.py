"""The Celery app. Broker: REDIS_URL, or an embedded file-system broker in development.

The beat schedule lives in settings (CELERY_BEAT_SCHEDULE); tasks are discovered from the apps.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("netwerkregie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
