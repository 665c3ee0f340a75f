"""`make test` on a fresh machine: without Debian's Chromium and without a way to install it,
it stops with what to do instead of failing halfway through the browser tests."""

import os
import subprocess
from pathlib import Path

from django.conf import settings


def test_zonder_chromium_en_zonder_rechten_zegt_make_wat_te_doen(tmp_path):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    # Not root, and a sudo that would ask for a password.
    (bin_ / "id").write_text("#!/bin/sh\necho 1000\n")
    (bin_ / "sudo").write_text("#!/bin/sh\nexit 1\n")
    for naam in ("id", "sudo"):
        (bin_ / naam).chmod(0o755)
    uitkomst = subprocess.run(
        ["make", "-s", "chromium", f"CHROMIUM={tmp_path / 'geen-chromium'}"],
        cwd=Path(settings.BASE_DIR),
        env={**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitkomst.returncode != 0
    assert "sudo apt-get install chromium" in uitkomst.stdout
    assert "pytest -m 'not e2e'" in uitkomst.stdout


def test_met_chromium_doet_make_niets():
    uitkomst = subprocess.run(
        ["make", "-s", "chromium", "CHROMIUM=/bin/sh"],  # an executable that exists
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitkomst.returncode == 0 and uitkomst.stdout == ""
