"""Small helpers several test modules share."""

import threading
from html.parser import HTMLParser

from django.db import close_old_connections, connection


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

    threads = [threading.Thread(target=run, args=(d,)) for d in doelen]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return uitkomsten


def fouten(uitkomsten) -> list:
    return [u for u in uitkomsten if isinstance(u, Exception)]
