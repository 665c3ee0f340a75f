"""Every app of the project is in the installable package (pyproject.toml), so a wheel or an
image built from one carries it."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_elke_eigen_app_zit_in_het_pakket():
    project = Path(settings.BASE_DIR)
    patronen = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    eigen = [
        a.name.split(".")[0]
        for a in apps.get_app_configs()
        if Path(a.path).resolve().is_relative_to(project.resolve())
        and "site-packages" not in Path(a.path).parts
    ]
    assert "meldingen" in eigen
    ontbreekt = [naam for naam in eigen if not any(fnmatch(naam, p) for p in patronen)]
    assert not ontbreekt, f"niet in pyproject.toml [tool.setuptools.packages.find]: {ontbreekt}"
