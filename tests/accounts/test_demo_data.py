import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import rollen
from accounts.management.commands.demo_data import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_demo_data_weigert_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_data_is_herhaalbaar_en_de_logins_werken(settings, client):
    settings.DEBUG = True
    call_command("demo_data")
    call_command("demo_data")
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    email, _v, _a, rol, wachtwoord = next(a for a in DEMO_ACCOUNTS if a[3] == rollen.PROFESSIONAL)
    gebruiker = User.objects.get(email=email)
    assert rollen.rollen_van(gebruiker) == {rol}
    antwoord = client.post(reverse("account_login"), {"login": email, "password": wachtwoord})
    assert antwoord.status_code == 302
    beheerder = User.objects.get(email=DEMO_ACCOUNTS[0][0])
    assert beheerder.is_superuser and beheerder.groups.count() == 0
