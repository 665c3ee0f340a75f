import pytest

from config.celery import app


@pytest.fixture
def celery_eager():
    """Tasks queued with .delay() run at once in this process (no broker, no worker)."""
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = vorige
