"""The second wall: PostgreSQL's row-level security on every tenant table.

After every ``migrate`` (and a flush), ``muren_bijwerken`` makes sure each tenant table (every
model whose default manager is ``regio.scope.BeperktManager``) has row-level security enabled
with one policy: a row is visible and writable only when its ``gemeente_id`` equals the
connection's setting ``netwerkregie.gemeente`` (set per statement by ``regio.postgresql`` from
the active scope), or that setting is ``alle`` (the region-wide work). No setting: no rows.

The policies bind every role that is not the tables' owner and not a superuser: production
connects as such a role (docs/regio.md, "Twee muren"). Idempotent; PostgreSQL only (SQLite, for
``make run``, has only the first wall).
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections
from django.db.models.signals import post_migrate

from .postgresql.base import INSTELLING

BELEID = "gemeente_afgebakend"

FUNCTIE = f"""
CREATE OR REPLACE FUNCTION regio_gemeente_zichtbaar(gemeente bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('{INSTELLING}', true), '') IN ('alle', gemeente::text)
$$
"""


def tenant_modellen():
    from .scope import GemeenteVoorwaarde  # noqa: F401  (the manager's marker below)

    for model in apps.get_models():
        manager = model._meta.default_manager
        if getattr(type(manager), "beperkt_tot_gemeente", False) and not model._meta.proxy:
            yield model


def koppeltabellen() -> dict[str, list[tuple[str, str, str]]]:
    """The many-to-many tables Django makes itself for a tenant model (a sleutelpersoon's
    wijken): no gemeente column of their own. Per table, for each side that is a tenant model:
    (its column, the tenant table, that table's key)."""
    tenant = set(tenant_modellen())
    uit: dict[str, list[tuple[str, str, str]]] = {}
    for model in tenant:
        for veld in model._meta.local_many_to_many:
            through = veld.remote_field.through
            if not through._meta.auto_created:
                continue
            uit[through._meta.db_table] = [
                (f.column, f.related_model._meta.db_table, f.related_model._meta.pk.column)
                for f in through._meta.concrete_fields
                if f.many_to_one and f.related_model in tenant
            ]
    return uit


# A join row is visible and writable only when its tenant rows are: the subquery reads them
# under their own policy.
BELEID_KOPPELING = "gemeente_via_ouder"


def muren_bijwerken(using: str = "default") -> list[str]:
    """Enable row-level security with the gemeente policy on every tenant table, and on the
    many-to-many tables Django makes for them a policy through their tenant rows; returns the
    tables."""
    verbinding = connections[using]
    if verbinding.vendor != "postgresql":
        return []
    tabellen = sorted({m._meta.db_table for m in tenant_modellen()})
    with verbinding.cursor() as cursor:
        cursor.execute(FUNCTIE)
        for tabel in tabellen:
            naam = verbinding.ops.quote_name(tabel)
            cursor.execute(f"ALTER TABLE {naam} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {BELEID} ON {naam}")
            cursor.execute(
                f"CREATE POLICY {BELEID} ON {naam} "
                "USING (regio_gemeente_zichtbaar(gemeente_id)) "
                "WITH CHECK (regio_gemeente_zichtbaar(gemeente_id))"
            )
        for tabel, kanten in sorted(koppeltabellen().items()):
            naam = verbinding.ops.quote_name(tabel)
            q = verbinding.ops.quote_name
            voorwaarde = " AND ".join(
                f"EXISTS (SELECT 1 FROM {q(ouder)} o WHERE o.{q(sleutel)} = {naam}.{q(kolom)})"  # noqa: S608 (names from the models)
                for kolom, ouder, sleutel in kanten
            )
            cursor.execute(f"ALTER TABLE {naam} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {BELEID_KOPPELING} ON {naam}")
            cursor.execute(
                f"CREATE POLICY {BELEID_KOPPELING} ON {naam} "
                f"USING ({voorwaarde}) WITH CHECK ({voorwaarde})"
            )
            tabellen.append(tabel)
    return tabellen


def _na_migratie(sender, using="default", **kwargs):
    muren_bijwerken(using)


post_migrate.connect(_na_migratie, dispatch_uid="regio.muren")
