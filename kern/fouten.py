"""The one refusal of the product.

A service that will not do what it is asked (a move the case flow does not allow, a share no
convenant covers, a sign-up for a full or closed training, an answer after the meeting began)
raises ``Weigering`` with the reason in Dutch, written for the person who asked. Views, admin
pages and tasks catch this one exception and show ``reden`` as it is; nothing has changed.
"""


class Weigering(Exception):
    def __init__(self, reden: str):
        super().__init__(reden)
        self.reden = reden

    def __str__(self) -> str:
        return str(self.reden)


class Gemeld:
    """What ``gemeld`` did: true when the service did it, with what it returned."""

    def __init__(self, gedaan: bool, uitkomst=None):
        self.gedaan, self.uitkomst = gedaan, uitkomst

    def __bool__(self) -> bool:
        return self.gedaan


def gemeld(request, doen, gelukt="") -> Gemeld:
    """A view's call of one write service: ``doen()`` runs; a refusal (``Weigering``) becomes an
    error message with its reason, success the message ``gelukt`` (a text, or a function of what
    ``doen`` returned). The answer is true when it was done (``.uitkomst``: what ``doen``
    returned), so the view chooses where to go next."""
    from django.contrib import messages

    try:
        uitkomst = doen()
    except Weigering as fout:
        messages.error(request, fout.reden)
        return Gemeld(False)
    tekst = gelukt(uitkomst) if callable(gelukt) else gelukt
    if tekst:
        messages.success(request, tekst)
    return Gemeld(True, uitkomst)
