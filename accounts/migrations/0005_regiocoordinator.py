"""The role of the region's coördinator (docs/regio.md)."""

from django.db import migrations


def aanmaken(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).get_or_create(name="Regiocoördinator")


def verwijderen(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name="Regiocoördinator", user__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_gemeente")]

    operations = [migrations.RunPython(aanmaken, verwijderen)]
