"""``{% bewaard sleutel %}``: a piece kept per worker under the key the view gives (issue 16),
rendered again for another key, another language or no key at all, and never with a CSRF
token inside."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from kern.templatetags import fragmenten


def _sjabloon(inhoud: str) -> Template:
    return Template("{% load i18n fragmenten %}{% bewaard sleutel %}" + inhoud + "{% endbewaard %}")


def test_zelfde_sleutel_zelfde_tekst_andere_sleutel_opnieuw():
    sjabloon = _sjabloon("{{ naam }}")
    assert sjabloon.render(Context({"sleutel": ("a",), "naam": "Amina"})) == "Amina"
    # Kept: the key says it is the same piece, whatever else the context holds.
    assert sjabloon.render(Context({"sleutel": ("a",), "naam": "Tesfay"})) == "Amina"
    assert sjabloon.render(Context({"sleutel": ("b",), "naam": "Tesfay"})) == "Tesfay"


def test_zonder_sleutel_elke_keer_opnieuw():
    sjabloon = _sjabloon("{{ naam }}")
    assert sjabloon.render(Context({"sleutel": None, "naam": "Amina"})) == "Amina"
    assert sjabloon.render(Context({"sleutel": None, "naam": "Tesfay"})) == "Tesfay"
    assert sjabloon.render(Context({"naam": "Sam"})) == "Sam"  # no key in the context


def test_per_taal():
    sjabloon = _sjabloon("{% translate 'Yes' %}")
    assert sjabloon.render(Context({"sleutel": 1})) == "Ja"
    with translation.override("en"):
        assert sjabloon.render(Context({"sleutel": 1})) == "Yes"
    assert sjabloon.render(Context({"sleutel": 1})) == "Ja"


def test_een_volle_node_begint_opnieuw(monkeypatch):
    monkeypatch.setattr(fragmenten, "MAX_BEWAARD", 2)
    sjabloon = _sjabloon("{{ naam }}")
    node = sjabloon.nodelist.get_nodes_by_type(fragmenten.BewaardNode)[0]
    for i in range(5):
        assert sjabloon.render(Context({"sleutel": i, "naam": f"n{i}"})) == f"n{i}"
        assert len(node.kopieen) <= 2


@pytest.mark.parametrize(
    "tekst",
    [
        "{% bewaard sleutel %}{% csrf_token %}{% endbewaard %}",
        "{% bewaard sleutel %}{% if x %}{% csrf_token %}{% endif %}{% endbewaard %}",
        "{% bewaard %}x{% endbewaard %}",
        "{% bewaard a b %}x{% endbewaard %}",
    ],
)
def test_geen_csrf_token_en_precies_een_sleutel(tekst):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragmenten %}" + tekst)
