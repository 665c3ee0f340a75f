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
