"""The starting texts per phase: what the reporter reads and how long a phase usually takes.
The regisseur adapts them to the local practice in /beheer/."""

from django.db import migrations



def aanmaken(apps, schema_editor):
    from signalen.startteksten import fasebeschrijvingen_aanmaken

    fasebeschrijvingen_aanmaken(apps.get_model("signalen", "Fasebeschrijving"))


class Migration(migrations.Migration):
    dependencies = [("signalen", "0001_initial")]

    operations = [migrations.RunPython(aanmaken, migrations.RunPython.noop)]
