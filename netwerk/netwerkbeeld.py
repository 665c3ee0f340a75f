"""The network picture (netwerkbeeld) in /beheer/: who is linked to whom, drawn as a graph.

``netwerkbeeld(user=…)`` builds the picture as plain data: nodes (``knopen``) for organisations,
persons, networks and werkgroepen, and lines (``lijnen``) between them:

- person – organisation: an active aandachtsfunctionaris role at an active organisation;
- person – network: an active membership of an active network;
- person – werkgroep: a member of a werkgroep that is still running (no end, or an end today or
  later; ended werkgroepen are history, not the network as it is);
- werkgroep – network: the network the werkgroep belongs to.

A person is in the picture with any of those lines, or as an active key person; anonymised
persons never are. Only names are given: no e-mail, phone number or remarks.

Filters narrow the picture and combine (each one must hold):

- ``netwerk``: only that network's active members, their organisations and the network's
  werkgroepen;
- ``domein``: only organisations of that domain and the persons with a role there;
- ``wijk``: only organisations with an active location in that wijk, aandachtsfunctionarissen
  with such a location and key persons who work in that wijk.
With a filter, the networks and werkgroepen shown are those linked to a person in the picture.

Without a filter the page opens on the overview (``overzicht=True``): one node per domain (with
its number of organisations and persons), the networks and the running werkgroepen, and a line
from a domain to a network that says how many of the domain's people are members. It stays
readable at any size (a dozen domains, the networks); the persons are one click away: a domain
opens the picture filtered on it, a network the picture of its members, and "Iedereen tonen"
(``?personen=1``) everything at once.

The informal network, key persons and people "op de achtergrond" are the regisseur's alone: for
anybody else the function leaves them out (the page itself is the regisseur's only, too), and a
key person who also has another role is left out entirely, as in the smoelenboek.

The queries are fixed in number (about ten), whatever the size of the network.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rollen

from .models import (
    Aandachtsfunctionaris,
    AandachtsfunctionarisLocatie,
    Domein,
    Lidmaatschap,
    Locatie,
    Netwerk,
    NetwerkSoort,
    Organisatie,
    Persoon,
    Sleutelpersoon,
    Werkgroep,
    Werkgroeplid,
    Wijk,
)

ORGANISATIE = "organisatie"
PERSOON = "persoon"
NETWERK = "netwerk"
WERKGROEP = "werkgroep"

# Kinds of lines.
AF_BIJ = "aandachtsfunctionaris"
LID_VAN = "lid"
IN_WERKGROEP = "werkgroeplid"
WERKGROEP_VAN = "werkgroep_van"
DOMEIN = "domein"
DOMEIN_IN = "domein_in"  # a domain's people in a network (the overview)


def _pk(waarde) -> int | None:
    """A model instance, a primary key or nothing."""
    if waarde in (None, ""):
        return None
    return getattr(waarde, "pk", waarde)


def netwerkbeeld(
    *, user, netwerk=None, domein: str = "", wijk=None, overzicht: bool = False
) -> dict[str, list[dict]]:
    """The picture as ``{"knopen": [...], "lijnen": [...]}`` for ``user`` (see the module);
    ``overzicht``: domains instead of organisations and persons."""
    regisseur = rollen.is_regisseur(user)
    netwerk_id, wijk_id = _pk(netwerk), _pk(wijk)
    gefilterd = bool(netwerk_id or domein or wijk_id)

    # Whom the user may see at all: never an anonymised person; key persons only the regisseur.
    zichtbaar = Persoon.objects.filter(geanonimiseerd_op__isnull=True)
    if not regisseur:
        zichtbaar = zichtbaar.exclude(Exists(Sleutelpersoon.objects.filter(persoon=OuterRef("pk"))))

    netwerk_qs = Netwerk.objects.filter(actief=True)
    werkgroep_qs = Werkgroep.objects.filter(
        Q(einde__isnull=True) | Q(einde__gte=timezone.localdate())
    )
    if not regisseur:
        netwerk_qs = netwerk_qs.filter(soort=NetwerkSoort.FORMEEL)
        werkgroep_qs = werkgroep_qs.filter(
            Q(netwerk__isnull=True) | Q(netwerk__soort=NetwerkSoort.FORMEEL)
        )
    netwerken = {n["pk"]: n for n in netwerk_qs.values("pk", "naam", "soort")}
    werkgroepen = {w["pk"]: w for w in werkgroep_qs.values("pk", "naam", "netwerk_id")}

    leden = list(
        Lidmaatschap.objects.filter(
            actief=True, netwerk_id__in=list(netwerken), persoon__in=zichtbaar
        ).values_list("persoon_id", "netwerk_id")
    )
    werkgroepleden = list(
        Werkgroeplid.objects.filter(
            werkgroep_id__in=list(werkgroepen), persoon__in=zichtbaar
        ).values_list("persoon_id", "werkgroep_id")
    )
    af_rollen = list(
        Aandachtsfunctionaris.objects.filter(
            actief=True, organisatie__actief=True, persoon__in=zichtbaar
        ).values_list("persoon_id", "organisatie_id")
    )
    # persoon_id -> (active, op de achtergrond)
    sleutel: dict[int, tuple[bool, bool]] = {}
    if regisseur:
        sleutel = {
            p: (actief, achtergrond)
            for p, actief, achtergrond in Sleutelpersoon.objects.filter(
                persoon__geanonimiseerd_op__isnull=True
            ).values_list("persoon_id", "actief", "op_de_achtergrond")
        }

    org_qs = Organisatie.objects.filter(actief=True)
    if domein:
        org_qs = org_qs.filter(domein=domein)
    if wijk_id:
        org_qs = org_qs.filter(
            Exists(Locatie.objects.filter(organisatie=OuterRef("pk"), wijk_id=wijk_id, actief=True))
        )
    organisaties = {o["pk"]: o for o in org_qs.values("pk", "naam", "domein")}

    # --- Which persons pass the filters ---------------------------------------------------------
    personen = {p for p, _o in af_rollen} | {p for p, _n in leden} | {p for p, _w in werkgroepleden}
    personen |= {p for p, (actief, _a) in sleutel.items() if actief}
    if netwerk_id:
        personen &= {p for p, n in leden if n == netwerk_id}
    if domein or wijk_id:
        # Through their role at an organisation that passed the domain and wijk filters…
        via_organisatie = {p for p, o in af_rollen if o in organisaties}
        if wijk_id:
            # …and with a location in the wijk, or as a key person working there.
            in_wijk = set(
                AandachtsfunctionarisLocatie.objects.filter(
                    locatie__wijk_id=wijk_id,
                    locatie__actief=True,
                    aandachtsfunctionaris__actief=True,
                    aandachtsfunctionaris__organisatie_id__in=list(organisaties),
                ).values_list("aandachtsfunctionaris__persoon_id", flat=True)
            )
            via_organisatie &= in_wijk
            if regisseur and not domein:
                via_organisatie |= set(
                    Sleutelpersoon.wijken.through.objects.filter(wijk_id=wijk_id).values_list(
                        "sleutelpersoon__persoon_id", flat=True
                    )
                )
        personen &= via_organisatie

    # --- Which organisations, networks and werkgroepen ----------------------------------------
    if netwerk_id:
        met_persoon = {o for p, o in af_rollen if p in personen}
        organisaties = {o: v for o, v in organisaties.items() if o in met_persoon}
        netwerken = {netwerk_id: netwerken[netwerk_id]} if netwerk_id in netwerken else {}
        werkgroepen = {w: v for w, v in werkgroepen.items() if v["netwerk_id"] in netwerken}
    elif gefilterd:
        met_lid = {n for p, n in leden if p in personen}
        netwerken = {n: v for n, v in netwerken.items() if n in met_lid}
        met_lid = {w for p, w in werkgroepleden if p in personen}
        werkgroepen = {w: v for w, v in werkgroepen.items() if w in met_lid}

    if overzicht:
        return _overzicht(organisaties, netwerken, werkgroepen, af_rollen, leden, personen)

    # --- The lines, only between what is shown -------------------------------------------------
    lijnen = []
    for p, o in af_rollen:
        if p in personen and o in organisaties:
            lijnen.append(_lijn(AF_BIJ, PERSOON, p, ORGANISATIE, o))
    for p, n in leden:
        if p in personen and n in netwerken:
            lijnen.append(_lijn(LID_VAN, PERSOON, p, NETWERK, n))
    for p, w in werkgroepleden:
        if p in personen and w in werkgroepen:
            lijnen.append(_lijn(IN_WERKGROEP, PERSOON, p, WERKGROEP, w))
    for w, v in werkgroepen.items():
        if v["netwerk_id"] in netwerken:
            lijnen.append(_lijn(WERKGROEP_VAN, WERKGROEP, w, NETWERK, v["netwerk_id"]))

    # --- The nodes ----------------------------------------------------------------------------
    af_van = {p for p, _o in af_rollen}
    knopen = [_organisatie(o) for o in sorted(organisaties.values(), key=lambda o: o["naam"])]
    knopen += [_netwerk(n) for n in sorted(netwerken.values(), key=lambda n: n["naam"])]
    knopen += [_werkgroep(w) for w in sorted(werkgroepen.values(), key=lambda w: w["naam"])]
    namen = Persoon.objects.filter(pk__in=list(personen)).values(
        "pk", "voornaam", "tussenvoegsel", "achternaam"
    )
    knopen += [
        _persoon(p, af=p["pk"] in af_van, sleutel=sleutel.get(p["pk"]))
        for p in namen.order_by("achternaam", "voornaam", "pk")
    ]
    return {"knopen": knopen, "lijnen": lijnen}


def _overzicht(organisaties, netwerken, werkgroepen, af_rollen, leden, personen) -> dict:
    """Domains, networks and werkgroepen; a domain's people counted per network."""
    beeld = reverse("admin:netwerkbeeld")
    domein_van = {o: v["domein"] for o, v in organisaties.items()}
    orgs_per_domein = defaultdict(set)
    mensen_per_domein = defaultdict(set)
    for p, o in af_rollen:
        if p in personen and o in domein_van:
            mensen_per_domein[domein_van[o]].add(p)
    for o, d in domein_van.items():
        orgs_per_domein[d].add(o)
    leden_per_netwerk = defaultdict(set)
    for p, n in leden:
        if p in personen and n in netwerken:
            leden_per_netwerk[n].add(p)
    knopen = []
    for code, label in Domein.choices:
        if code not in orgs_per_domein:
            continue
        n_org, n_mens = len(orgs_per_domein[code]), len(mensen_per_domein[code])
        knopen.append(
            {
                "id": _id(DOMEIN, code),
                "soort": DOMEIN,
                "soort_label": _("Domein"),
                "naam": str(label),
                "label": f"{label}\n({n_org} org., {n_mens} pers.)",
                "details": [
                    _("%(n)d organisaties") % {"n": n_org},
                    _("%(n)d aandachtsfunctionarissen") % {"n": n_mens},
                ],
                "url": f"{beeld}?domein={code}",
                "url_tekst": _("Toon de organisaties en personen"),
            }
        )
    for n in sorted(netwerken.values(), key=lambda n: n["naam"]):
        knoop = _netwerk(n)
        aantal = len(leden_per_netwerk[n["pk"]])
        knoop["details"].append(_("%(n)d leden") % {"n": aantal})
        knoop.update(url=f"{beeld}?netwerk={n['pk']}", url_tekst=_("Toon de leden"), leden=aantal)
        knopen.append(knoop)
    knopen += [_werkgroep(w) for w in sorted(werkgroepen.values(), key=lambda w: w["naam"])]
    lijnen = []
    for code, mensen in mensen_per_domein.items():
        for n, netwerkleden in leden_per_netwerk.items():
            if gewicht := len(mensen & netwerkleden):
                lijn = _lijn(DOMEIN_IN, DOMEIN, code, NETWERK, n)
                lijn["gewicht"] = gewicht
                lijnen.append(lijn)
    for w, v in werkgroepen.items():
        if v["netwerk_id"] in netwerken:
            lijnen.append(_lijn(WERKGROEP_VAN, WERKGROEP, w, NETWERK, v["netwerk_id"]))
    return {"knopen": knopen, "lijnen": lijnen}


def _id(soort: str, pk: int) -> str:
    return f"{soort}-{pk}"


def _lijn(soort: str, bron_soort: str, bron: int, doel_soort: str, doel: int) -> dict:
    bron_id, doel_id = _id(bron_soort, bron), _id(doel_soort, doel)
    return {"id": f"{soort}:{bron_id}:{doel_id}", "soort": soort, "bron": bron_id, "doel": doel_id}


def _knoop(soort: str, pk: int, *, soort_label, naam: str, label: str, details, **extra) -> dict:
    """One node of the picture, with a link to its page in /beheer/."""
    return {
        "id": _id(soort, pk),
        "soort": soort,
        "soort_label": soort_label,
        "naam": naam,
        "label": label,
        "details": details,
        **extra,
        "url": reverse(f"admin:netwerk_{soort}_change", args=[pk]),
    }


def _organisatie(o: dict) -> dict:
    return _knoop(
        ORGANISATIE,
        o["pk"],
        soort_label=_("Organisatie"),
        naam=o["naam"],
        label=f"{o['naam']}\n({_('organisatie')})",
        details=[str(Domein(o["domein"]).label)],
    )


def _netwerk(n: dict) -> dict:
    soort = _("formeel") if n["soort"] == NetwerkSoort.FORMEEL else _("informeel")
    return _knoop(
        NETWERK,
        n["pk"],
        soort_label=_("Netwerk"),
        naam=n["naam"],
        label=f"{n['naam']}\n({_('netwerk')}, {soort})",
        details=[_("%(soort)s netwerk") % {"soort": soort.capitalize()}],
        informeel=n["soort"] == NetwerkSoort.INFORMEEL,
    )


def _werkgroep(w: dict) -> dict:
    return _knoop(
        WERKGROEP,
        w["pk"],
        soort_label=_("Werkgroep"),
        naam=w["naam"],
        label=f"{w['naam']}\n({_('werkgroep')})",
        details=[],
    )


def _persoon(p: dict, *, af: bool, sleutel: tuple[bool, bool] | None) -> dict:
    naam = " ".join(d for d in (p["voornaam"], p["tussenvoegsel"], p["achternaam"]) if d)
    achtergrond = bool(sleutel and sleutel[1])
    details = []
    if af:
        details.append(_("Aandachtsfunctionaris"))
    if sleutel:
        details.append(_("Sleutelpersoon") if sleutel[0] else _("Sleutelpersoon (niet actief)"))
    if achtergrond:
        details.append(_("Op de achtergrond: nooit tonen aan anderen"))
    return _knoop(
        PERSOON,
        p["pk"],
        soort_label=_("Persoon"),
        naam=naam,
        label=naam,
        details=details,
        sleutelpersoon=sleutel is not None,
        achtergrond=achtergrond,
    )


# --- The page ---------------------------------------------------------------------------------


def _gekozen(waarde: str, toegestaan) -> int | None:
    try:
        gekozen = int(waarde)
    except (TypeError, ValueError):
        return None
    return gekozen if gekozen in toegestaan else None


def samenvatting(gegevens: dict) -> dict:
    """For the text alternative: the networks and werkgroepen in the picture with their number
    of members in it, and how many nodes of each kind."""
    per_knoop = defaultdict(int)
    for lijn in gegevens["lijnen"]:
        if lijn["soort"] in (LID_VAN, IN_WERKGROEP):
            per_knoop[lijn["doel"]] += 1
    aantallen = defaultdict(int)
    for knoop in gegevens["knopen"]:
        aantallen[knoop["soort"]] += 1
    netwerk_van = {
        lijn["bron"]: lijn["doel"] for lijn in gegevens["lijnen"] if lijn["soort"] == WERKGROEP_VAN
    }
    namen = {k["id"]: k["naam"] for k in gegevens["knopen"]}
    return {
        "netwerken": [
            {
                "naam": k["naam"],
                "detail": k["details"][0],
                "leden": k.get("leden", per_knoop[k["id"]]),
            }
            for k in gegevens["knopen"]
            if k["soort"] == NETWERK
        ],
        "domeinen": [
            {"naam": k["naam"], "details": k["details"], "url": k["url"]}
            for k in gegevens["knopen"]
            if k["soort"] == DOMEIN
        ],
        "werkgroepen": [
            {
                "naam": k["naam"],
                "netwerk": namen.get(netwerk_van.get(k["id"]), ""),
                "leden": per_knoop[k["id"]],
            }
            for k in gegevens["knopen"]
            if k["soort"] == WERKGROEP
        ],
        "aantallen": aantallen,
    }


def urlpatterns(site) -> list:
    """The page in /beheer/ (``admin:netwerkbeeld``): the regisseur's alone."""

    def view(request):
        if not rollen.is_regisseur(request.user):
            raise PermissionDenied
        netwerken = list(Netwerk.objects.filter(actief=True).values_list("pk", "naam", "soort"))
        wijken = list(Wijk.objects.values_list("pk", "naam"))
        netwerk = _gekozen(request.GET.get("netwerk"), {n[0] for n in netwerken})
        wijk = _gekozen(request.GET.get("wijk"), {w[0] for w in wijken})
        domein = request.GET.get("domein", "")
        if domein not in Domein.values:
            domein = ""
        gefilterd = bool(netwerk or wijk or domein)
        overzicht = not gefilterd and request.GET.get("personen") != "1"
        gegevens = netwerkbeeld(
            user=request.user, netwerk=netwerk, domein=domein, wijk=wijk, overzicht=overzicht
        )
        context = {
            **site.each_context(request),
            # The picture needs the width more than the page needs the model list beside it.
            "is_nav_sidebar_enabled": False,
            "title": _("Netwerkbeeld"),
            "gegevens": gegevens,
            "samenvatting": samenvatting(gegevens),
            "netwerken": [
                (pk, naam, soort == NetwerkSoort.INFORMEEL) for pk, naam, soort in netwerken
            ],
            "wijken": wijken,
            "domeinen": Domein.choices,
            "gekozen_netwerk": netwerk,
            "gekozen_wijk": wijk,
            "gekozen_domein": domein,
            "gefilterd": gefilterd,
            "overzicht": overzicht,
        }
        return TemplateResponse(request, "admin/netwerk/netwerkbeeld.html", context)

    return [path("netwerkbeeld/", site.admin_view(view), name="netwerkbeeld")]
