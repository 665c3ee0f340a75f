"""The .ics attached to invitations (icalendar).

One UID for a meeting's whole life and a SEQUENCE that grows with every change, so a calendar
updates the event instead of adding a second one; a cancellation is METHOD:CANCEL with
STATUS:CANCELLED. Times are in Europe/Amsterdam with the VTIMEZONE included, so 19:30 stays 19:30
on both sides of a daylight-saving change.
"""

from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Bijeenkomst

PRODID = "-//Netwerkregie//Bijeenkomsten//NL"


def ics(bijeenkomst: Bijeenkomst, *, link: str = "", annulering: bool = False) -> str:
    zone = timezone.get_default_timezone()
    agenda = Calendar()
    agenda.add("prodid", PRODID)
    agenda.add("version", "2.0")
    agenda.add("method", "CANCEL" if annulering else "REQUEST")

    gebeurtenis = Event()
    gebeurtenis.add("uid", f"{bijeenkomst.uid}@netwerkregie")
    gebeurtenis.add("sequence", bijeenkomst.volgnummer)
    gebeurtenis.add("dtstamp", timezone.now())
    gebeurtenis.add("dtstart", timezone.localtime(bijeenkomst.begin, zone))
    gebeurtenis.add("dtend", timezone.localtime(bijeenkomst.einde, zone))
    gebeurtenis.add("summary", bijeenkomst.titel)
    gebeurtenis.add("location", bijeenkomst.locatie)
    beschrijving = bijeenkomst.agenda
    if link:
        beschrijving = f"{beschrijving}\n\nUw antwoord geven of wijzigen: {link}".strip()
    gebeurtenis.add("description", beschrijving)
    gebeurtenis.add("status", "CANCELLED" if annulering else "CONFIRMED")
    _naam, adres = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organisator = vCalAddress(f"mailto:{adres}")
    organisator.params["cn"] = vText("Netwerkregie")
    gebeurtenis.add("organizer", organisator)
    agenda.add_component(gebeurtenis)
    agenda.add_missing_timezones()
    return agenda.to_ical().decode()


def ics_bijlage(
    bijeenkomst: Bijeenkomst, bestandsnaam: str, *, link: str = "", annulering: bool = False
) -> dict[str, str]:
    """The meeting as an e-mail attachment for ``bericht_klaarzetten``: its calendar item (the
    same UID as the meeting, so a later change updates it) or its cancellation."""
    return {
        "bestandsnaam": bestandsnaam,
        "mimetype": "text/calendar; method=" + ("CANCEL" if annulering else "REQUEST"),
        "inhoud": ics(bijeenkomst, link=link, annulering=annulering),
    }
