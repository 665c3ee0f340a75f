from django.contrib.admin.apps import AdminConfig


class RegieAdminConfig(AdminConfig):
    """Django's admin, with the regisseur's /beheer/ site as the default site."""

    default_site = "config.admin.RegieAdminSite"
    # The yearly report gathers every app's figures; it is a page of the site as a whole
    # (kern.bijdragen).
    # The demo of a whole region (manage.py demo_data --regio) before the programme council
    # gathers its regisseurs.
    bijdragen = {
        "beheerpaginas": ["config.jaarverslag.urlpatterns"],
        "demoregio": [("config.demoregio.demo_regio", 10)],
        # The regiocoördinator's way from /beheer/ to the region's pages.
        "dashboard": ["config.regio_views.dashboard_panelen"],
    }
