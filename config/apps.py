from django.contrib.admin.apps import AdminConfig


class RegieAdminConfig(AdminConfig):
    """Django's admin, with the regisseur's /beheer/ site as the default site."""

    default_site = "config.admin.RegieAdminSite"
