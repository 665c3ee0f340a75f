from django.db import migrations

ROLLEN = ("Netwerkregisseur", "Professional", "Partner")


def rollen_aanmaken(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for naam in ROLLEN:
        Group.objects.get_or_create(name=naam)


def rollen_verwijderen(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLLEN, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rollen_aanmaken, rollen_verwijderen)]
