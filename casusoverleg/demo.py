"""A demo case meeting (``manage.py demo_data``, after the signals and wegingen): next week,
with the police's partner (partner@demo) invited, the signals in phase casusoverleg on its
agenda (at most three), minutes on the first and an action of the police due in ten days, which
the partner can mark done. Runs once."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import rollen
from netwerk.convenanten import organisaties_van
from signalen.casusverloop import Fase
from signalen.models import Signaal

from . import services
from .models import Casusoverleg

REGISSEUR = "regisseur@demo.netwerkregie.nl"


def demo_data_aanmaken(stdout) -> None:
    if Casusoverleg.objects.exists():
        stdout.write("Casusoverleg: er is er al een, demo overgeslagen.")
        return
    User = get_user_model()
    regisseur = User.objects.filter(email=REGISSEUR).first()
    partners = list(services.kandidaten().filter(groups__name=rollen.PARTNER).distinct())
    signalen = list(
        Signaal.objects.filter(fase=Fase.CASUSOVERLEG, geanonimiseerd_op__isnull=True).order_by(
            "pk"
        )[:3]
    )
    if regisseur is None or not signalen:
        stdout.write("Casusoverleg: geen regisseur of signaal in casusoverleg, overgeslagen.")
        return
    dag = timezone.localdate() + timedelta(days=6)
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    tz = timezone.get_current_timezone()
    overleg = services.casusoverleg_plannen(
        titel="Casusoverleg radicalisering",
        begin=datetime.combine(dag, time(10, 0), tzinfo=tz),
        einde=datetime.combine(dag, time(12, 0), tzinfo=tz),
        locatie="Stadskantoor Delft, kamer 3.14",
        deelnemers=partners,
        door=regisseur,
    )
    punten = [
        services.signaal_agenderen(casusoverleg=overleg, signaal=s, door=regisseur)
        for s in signalen
    ]
    eerste = punten[0]
    services.notulen_opslaan(
        agendapunt=eerste,
        notulen="Voorbespreking: de wijkagent kent de familie; school ziet geen verbetering.",
        door=regisseur,
    )
    eigenaren = services.eigenaren_voor(eerste.signaal)
    van_partner = {o.pk for p in partners for o in organisaties_van(p)}
    eigenaar = next((o for o in eigenaren if o.pk in van_partner), eigenaren[0])
    services.actie_toevoegen(
        agendapunt=eerste,
        omschrijving="Huisbezoek door de wijkagent en terugkoppeling aan de regisseur",
        eigenaar=eigenaar,
        uiterlijk=timezone.localdate() + timedelta(days=10),
        door=regisseur,
    )
    stdout.write(
        f"Casusoverleg: op {dag:%d-%m-%Y} met {len(punten)} punt(en) en {len(partners)} "
        "partner(s) uitgenodigd."
    )
