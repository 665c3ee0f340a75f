from django.conf import settings
from django.db import migrations, models


def eerste_gemeente(apps, schema_editor):
    """Every installation starts with one gemeente (id 1): an existing single-gemeente
    database is migrated into it (the tenant columns the other apps add default to it)."""
    Gemeente = apps.get_model("regio", "Gemeente")
    Gemeente.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"naam": settings.GEMEENTE_NAAM}
    )
    from regio.apps import volgnummers_bijwerken

    volgnummers_bijwerken(schema_editor.connection.alias)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Gemeente",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("naam", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                ("actief", models.BooleanField(default=True, verbose_name="actief")),
                ("aangemaakt_op", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
            ],
            options={
                "verbose_name": "gemeente",
                "verbose_name_plural": "gemeenten",
                "ordering": ["naam"],
            },
        ),
        migrations.RunPython(eerste_gemeente, migrations.RunPython.noop),
    ]
