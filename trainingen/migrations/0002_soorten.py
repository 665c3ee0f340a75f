"""The kinds of training every municipality starts with (seed 000 and 004); the regisseur adds
others and can change these in /beheer/."""

from django.db import migrations



def aanmaken(apps, schema_editor):
    from trainingen.startsoorten import soorten_aanmaken

    soorten_aanmaken(apps.get_model("trainingen", "Trainingssoort"))


class Migration(migrations.Migration):
    dependencies = [("trainingen", "0001_initial")]

    operations = [migrations.RunPython(aanmaken, migrations.RunPython.noop)]
