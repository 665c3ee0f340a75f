"""Small helpers several test modules share."""

import contextvars
import functools
import threading
from html.parser import HTMLParser

from django.db import close_old_connections, connection
from django.test import Client


class _Formulieren(HTMLParser):
    def __init__(self):
        super().__init__()
        self.diepte, self.genest = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            if self.diepte:
                self.genest.append(dict(attrs).get("action"))
            self.diepte += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.diepte -= 1


def geneste_formulieren(html: str) -> list:
    """The actions of forms inside another form: browsers drop those, and their button then
    posts the outer form."""
    parser = _Formulieren()
    parser.feed(html)
    return parser.genest


class Draad(threading.Thread):
    """A thread that runs in a copy of its creator's context, so it works in the same gemeente
    (regio.scope) as the test, the way a request or a task would have its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._context = contextvars.copy_context()

    def run(self):
        self._context.run(super().run)


def tegelijk(doelen) -> list:
    """Run the callables at the same moment in threads, each with its own database connection;
    what each returned or raised, in the order they finished."""
    start = threading.Barrier(len(doelen))
    uitkomsten = []

    def run(doel):
        try:
            start.wait()
            uitkomsten.append(doel())
        except Exception as e:  # noqa: BLE001 - returned to the test
            uitkomsten.append(e)
        finally:
            close_old_connections()
            connection.close()

    threads = [Draad(target=run, args=(d,)) for d in doelen]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return uitkomsten


def fouten(uitkomsten) -> list:
    return [u for u in uitkomsten if isinstance(u, Exception)]


def dubbel_posten(client, url, gegevens, vasthouden, aantal: int = 2) -> list:
    """The same form POSTed ``aantal`` times at once from one browser session (a double click
    under load), each request held inside its transaction until all have started: the test's
    ``vasthouden`` (a queryset) is locked meanwhile, so the first request waits on it after
    its claim and the others wait behind the first. The responses, in the order they came."""
    import time

    from django.db import transaction
    from django.test import Client

    antwoorden = []

    def posten():
        try:
            c = Client()
            c.cookies = client.cookies  # the same browser session
            antwoorden.append(c.post(url, gegevens))
        finally:
            close_old_connections()
            connection.close()

    threads = [Draad(target=posten) for _ in range(aantal)]
    with transaction.atomic():
        list(vasthouden.select_for_update())
        for t in threads:
            t.start()
        time.sleep(1.5)  # every request is now waiting inside its transaction
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "een verzoek bleef hangen"
    return antwoorden


# --- Access tests: a logged-in client per role, and "did this request change anything" ---------

# Written by every logged-in request (the session, its activity), never by what is tested.
NIET_VERGELEKEN = {"django_session", "usersessions_usersession", "regie_cache_reserve"}


def ingelogd(user) -> Client:
    """A client logged in as ``user`` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@functools.cache
def _vingerafdruk_sql() -> str:
    tabellen = sorted(set(connection.introspection.table_names()) - NIET_VERGELEKEN)
    rij = "(to_jsonb(t) - 'last_login')::text"
    return " UNION ALL ".join(
        f"SELECT '{tabel}', count(*) || ':' || coalesce(sum(hashtextextended({rij}, 0)), 0) "
        f'FROM "{tabel}" t'
        for tabel in tabellen
    )


def database_stand() -> dict:
    """Per table its number of rows and the sum of a hash of each row (a user's last login
    aside): any row added, removed or changed changes it."""
    with connection.cursor() as cursor:
        cursor.execute(_vingerafdruk_sql())
        return dict(cursor.fetchall())
