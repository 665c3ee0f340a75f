"""The Dockerfile's base is a build argument, and its build steps load the settings.

`make image` (.ci/image.py, run by CI) builds the image with podman on a Debian base of its own
(``--build-arg BASE_IMAGE=...``) and runs what it runs; no test here builds it. These are the
quick checks that fail first, without podman.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.config.test_docker_compose import _instructies

ROOT = Path(__file__).resolve().parents[2]


def test_de_basis_is_een_build_argument_met_python_slim_als_standaard():
    instructies = _instructies()
    # Declared before the first FROM, so FROM can use it; without --build-arg Docker Hub's image.
    assert instructies[0] == ("ARG", "BASE_IMAGE=python:3.11-slim")
    assert [rest for naam, rest in instructies if naam == "FROM"] == ["${BASE_IMAGE}"]


def test_make_image_bouwt_het_dockerfile_met_die_build_arg():
    controle = (ROOT / ".ci/image.py").read_text()
    assert '"--build-arg", f"BASE_IMAGE={basis}"' in controle
    assert '"--isolation", "chroot"' in controle
    assert re.search(r"^image: ", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert "make image" in (ROOT / ".ci/run").read_text()


def test_collectstatic_van_de_build_laadt_de_instellingen(tmp_path):
    """The build's collectstatic step, with exactly the variables the Dockerfile gives it and
    nothing else: the settings with DEBUG off must load (the first real build failed here, on a
    secret the step did not set). A dry run; STATIC_ROOT points away from the repository."""
    run = next(rest for naam, rest in _instructies() if naam == "RUN" and "collectstatic" in rest)
    voor, _, opdracht = run.partition("python manage.py ")
    toewijzingen = dict(re.findall(r"(\w+)=(\S+)", voor))
    assert toewijzingen["DEBUG"] == "false"
    uitkomst = subprocess.run(
        [sys.executable, "manage.py", *opdracht.split(), "--dry-run"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "STATIC_ROOT": str(tmp_path / "static"),
            **toewijzingen,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
