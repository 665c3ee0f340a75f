"""The demo wegingskader for every gemeente that exists (a gemeente added later gets it through
the event ``regio.gemeente_aangemaakt``), not for the region's own layer. A gemeente that
already has a kader keeps its own."""

from django.db import migrations


def aanmaken(apps, schema_editor):
    from weging.startkader import kader_aanmaken

    alias = schema_editor.connection.alias
    Gemeente = apps.get_model("regio", "Gemeente")
    modellen = [
        apps.get_model("weging", naam) for naam in ("Wegingskader", "Indicatorgroep", "Indicator")
    ]
    for gemeente_id in (
        Gemeente.objects.using(alias).filter(is_regio=False).order_by("pk").values_list("pk", flat=True)
    ):
        kader_aanmaken(*modellen, gemeente_id=gemeente_id)


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0003_inwoners_en_regio"),
        ("weging", "0001_wegingskader_en_wegingen"),
    ]

    operations = [migrations.RunPython(aanmaken, migrations.RunPython.noop)]
