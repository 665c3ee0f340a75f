"""A panel provider used by the dashboard test (stands in for an app's dashboard.py)."""

from kern.dashboard import Paneel


def panelen(request):
    return [
        Paneel(
            titel="Tweede paneel", template="admin/test_paneel.html", context={"n": 2}, volgorde=20
        ),
        Paneel(
            titel="Eerste paneel", template="admin/test_paneel.html", context={"n": 1}, volgorde=10
        ),
    ]
