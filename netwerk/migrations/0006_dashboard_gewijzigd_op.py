"""Indexes on ``gewijzigd_op`` of the registry's tables that grow with the region (persons,
aandachtsfunctionarissen, memberships, contact moments).

The dashboard keeps its panels under a key that holds the latest change of each table it counts,
read in one query (``kern.dashboard``); with these indexes that latest change is one index entry,
without them a scan of every person at every load.
"""

from django.db import migrations, models

INDEXEN = {
    "persoon": "persoon_gewijzigd_op",
    "aandachtsfunctionaris": "af_gewijzigd_op",
    "lidmaatschap": "lidmaatschap_gewijzigd_op",
    "contactmoment": "contactmoment_gewijzigd_op",
}


class Migration(migrations.Migration):
    dependencies = [("netwerk", "0005_aandachtsfunctionaris_tot")]

    operations = [
        migrations.AddIndex(
            model_name=model, index=models.Index(fields=["gewijzigd_op"], name=naam)
        )
        for model, naam in INDEXEN.items()
    ]
