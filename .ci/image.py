#!/usr/bin/env python3
# ruff: noqa: S603, S607, S108
"""Build the production image from the project's Dockerfile and run what it runs (`make image`).

There is no Docker engine and no registry on the development and CI machines, and starting a
container is refused there. So, as root on Debian:

1. podman and debootstrap are installed when missing (apt-get);
2. a Debian bookworm base with Python 3.11 is bootstrapped with debootstrap once and kept as
   the podman image ``localhost/netwerkregie-basis:<recipe>`` (podman's storage, outside the
   repository); it stands in for ``python:3.11-slim``: ``python`` and ``pip`` of a virtualenv on
   PATH;
3. the Dockerfile is built with ``podman build --isolation chroot --build-arg BASE_IMAGE=...``,
   the machine's CA bundle mounted read-only so pip reaches the package index;
4. the image is mounted (``podman image mount``, read-only) and, in a mount namespace of its own
   with only /tmp, the user's home and /data/media writable, its programs run through
   ``chroot`` as the image's user, with the image's environment and working directory, the
   way docker-compose.yml runs them: the migrations against the machine's PostgreSQL (a
   database of this run), gunicorn (the image's CMD, on a free port), the Celery worker and
   beat against a Redis server of this run; a local SMTP server of this run receives the mail;
5. everything it started is stopped, the image removed (only the base stays) and the database
   dropped.

Environment: DATABASE_URL names the PostgreSQL server (its database name is not used);
IMAGE_DATABASE the database of this run (default ``nr_image``, created and dropped);
DEBIAN_MIRROR the mirror for debootstrap (default: the one apt uses).
Runs with the project's virtualenv (aiosmtpd, psycopg2); see docs/production.md.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("IMAGE_CACHE", "/var/cache/netwerkregie-image"))
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
BASIS_NAAM = "localhost/netwerkregie-basis"

# What the base is made of; a change here makes a new base (its tag is a hash of this).
BASIS_RECEPT = {
    "suite": "bookworm",
    "variant": "minbase",
    "pakketten": ["python3", "python3-venv", "ca-certificates"],
    "venv": "/opt/python",
    "wijzigingen": [
        "ENV PATH=/opt/python/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "ENV LANG=C.UTF-8",
        'CMD ["python3"]',
    ],
}


class Mislukt(Exception):
    """A check failed; the message says which."""


def melding(tekst: str) -> None:
    print(tekst, flush=True)


def stap(tekst: str) -> None:
    melding(f"== image: {tekst}")


def draaien(*cmd: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kwargs)


def beeindigen_bij_sigterm() -> None:
    """SIGTERM (a CI time-out) unwinds like Ctrl-C, so every clean-up below runs."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signaal {signum}")

    signal.signal(signal.SIGTERM, handler)


# --- the machine --------------------------------------------------------------------------------


def pakketten_installeren() -> None:
    nodig = {"podman": "podman", "debootstrap": "debootstrap", "redis-server": "redis-server"}
    ontbreekt = [pakket for programma, pakket in nodig.items() if not shutil.which(programma)]
    if not ontbreekt:
        return
    stap(f"apt-get install {' '.join(ontbreekt)}")
    omgeving = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    draaien("apt-get", "update", "-qq", env=omgeving)
    draaien("apt-get", "install", "-y", "-qq", "--no-install-recommends", *ontbreekt, env=omgeving)


def debian_spiegel() -> str:
    """The Debian mirror apt is configured with (debootstrap fetches from the same place)."""
    if os.environ.get("DEBIAN_MIRROR"):
        return os.environ["DEBIAN_MIRROR"]
    bronnen = [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]
    for bron in bronnen:
        if bron.suffix not in ("", ".list", ".sources") or not bron.is_file():
            continue
        for regel in bron.read_text(errors="replace").splitlines():
            if regel.lstrip().startswith("#"):
                continue
            for url in re.findall(r"https?://\S+", regel):
                if url.rstrip("/").endswith("/debian"):
                    return url.rstrip("/")
    return "http://deb.debian.org/debian"


def podman(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return draaien("podman", *args, capture_output=True, text=True, **kwargs)


def image_bestaat(naam: str) -> bool:
    return subprocess.run(["podman", "image", "exists", naam]).returncode == 0


def basis_klaarzetten() -> str:
    """The cached base, bootstrapped when there is none for the current recipe."""
    sleutel = hashlib.sha256(json.dumps(BASIS_RECEPT, sort_keys=True).encode()).hexdigest()
    naam = f"{BASIS_NAAM}:{BASIS_RECEPT['suite']}-{sleutel[:12]}"
    if image_bestaat(naam):
        stap(f"basis {naam} (uit de cache)")
        return naam
    spiegel = debian_spiegel()
    stap(f"basis {naam}: debootstrap {BASIS_RECEPT['suite']} van {spiegel}")
    rootfs = CACHE / "rootfs.tmp"
    shutil.rmtree(rootfs, ignore_errors=True)
    try:
        with open(CACHE / "debootstrap.log", "w") as log:
            draaien(
                "debootstrap",
                f"--variant={BASIS_RECEPT['variant']}",
                f"--include={','.join(BASIS_RECEPT['pakketten'])}",
                BASIS_RECEPT["suite"],
                str(rootfs),
                spiegel,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        draaien("chroot", str(rootfs), "/usr/bin/python3", "-m", "venv", BASIS_RECEPT["venv"])
        # As the official images: no package lists or downloaded packages, no host resolver.
        for rommel in ("var/cache/apt/archives", "var/lib/apt/lists"):
            for pad in (rootfs / rommel).glob("*"):
                if pad.is_file():
                    pad.unlink()
        (rootfs / "etc/resolv.conf").unlink(missing_ok=True)
        wijzigingen = [f"--change={w}" for w in BASIS_RECEPT["wijzigingen"]]
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        podman("import", *wijzigingen, "-", naam, stdin=tar.stdout)
        if tar.wait() != 0:
            raise Mislukt("tar van de basis mislukt")
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)
    # Older bases (another recipe) go.
    oud = podman("images", "--format", "{{.Repository}}:{{.Tag}}", BASIS_NAAM).stdout.split()
    for ander in oud:
        if ander != naam:
            podman("rmi", ander)
    return naam


def alle_images() -> set[str]:
    return set(podman("images", "--all", "--quiet", "--no-trunc").stdout.split())


# --- PostgreSQL ---------------------------------------------------------------------------------


def database_urls() -> tuple[dict, str]:
    """(connection arguments for the server's maintenance database, the run's DATABASE_URL)."""
    url = urllib.parse.urlsplit(
        os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        raise Mislukt("DATABASE_URL moet naar PostgreSQL wijzen (postgres://...)")
    naam = os.environ.get("IMAGE_DATABASE", "nr_image")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", naam):
        raise Mislukt(f"IMAGE_DATABASE {naam!r}: alleen kleine letters, cijfers en _")
    server = {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "user": urllib.parse.unquote(url.username or "postgres"),
        "password": urllib.parse.unquote(url.password or "") or None,
        "dbname": "postgres",
    }
    # The image reaches the server as this machine does: chroot shares its network.
    netloc = url.netloc if url.hostname else "postgres@127.0.0.1:5432"
    return server, f"postgres://{netloc}/{naam}"


def database(server: dict, naam: str, *, aanmaken: bool) -> None:
    import psycopg2

    verbinding = psycopg2.connect(**server)
    verbinding.autocommit = True
    try:
        with verbinding.cursor() as cursor:
            forceren = " WITH (FORCE)" if verbinding.server_version >= 130000 else ""
            cursor.execute(f'DROP DATABASE IF EXISTS "{naam}"{forceren}')
            if aanmaken:
                cursor.execute(f'CREATE DATABASE "{naam}"')
    finally:
        verbinding.close()


# --- the whole run ------------------------------------------------------------------------------


def main() -> int:
    beeindigen_bij_sigterm()
    if os.geteuid() != 0:
        melding("make image heeft root nodig (podman, debootstrap, chroot): sudo make image")
        return 2
    begin = time.monotonic()
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "lock", "w") as slot:
        try:
            fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stap("wacht tot een andere image-controle op deze machine klaar is")
            fcntl.flock(slot, fcntl.LOCK_EX)
        t = time.monotonic()
        pakketten_installeren()
        duur = {"apt-get": time.monotonic() - t}
        server, database_url = database_urls()
        t = time.monotonic()
        basis = basis_klaarzetten()
        duur["basis"] = time.monotonic() - t
        label = f"{os.getpid()}-{secrets.token_hex(3)}"
        image = f"localhost/netwerkregie-controle:{label}"
        voor = alle_images()
        gemount = False
        uitkomst = 1
        try:
            stap(f"podman build {image} (BASE_IMAGE={basis})")
            t = time.monotonic()
            bouwen(image, basis)
            duur["build"] = time.monotonic() - t
            config = json.loads(podman("image", "inspect", image).stdout)[0]
            mnt = podman("image", "mount", image).stdout.strip()
            gemount = True
            naam = urllib.parse.urlsplit(database_url).path.strip("/")
            database(server, naam, aanmaken=True)
            try:
                t = time.monotonic()
                opdracht = {"mnt": mnt, "config": config, "database_url": database_url}
                with tempfile.NamedTemporaryFile("w", suffix=".json") as bestand:
                    json.dump(opdracht, bestand)
                    bestand.flush()
                    # A mount namespace of its own: its mounts go when it ends, however it ends.
                    binnen = subprocess.Popen(
                        ["unshare", "--mount", "--propagation", "private", "--",
                         sys.executable, __file__, "--binnen", bestand.name]
                    )  # fmt: skip
                    try:
                        uitkomst = binnen.wait()
                    finally:
                        if binnen.poll() is None:
                            binnen.terminate()
                            binnen.wait(60)
                duur["controles"] = time.monotonic() - t
            finally:
                database(server, naam, aanmaken=False)
        finally:
            if gemount:
                podman("image", "unmount", image)
            if image_bestaat(image):
                podman("rmi", image)
            # Only the cached base may stay; anything else the build left is a fault of this
            # script. It is named, not removed: on a shared machine it might not be ours.
            over = alle_images() - voor
            if over:
                stap(f"MISLUKT: de build liet images achter: {' '.join(sorted(over))}")
                uitkomst = 1
    figuren = ", ".join(f"{k} {v:.0f} s" for k, v in duur.items())
    totaal = time.monotonic() - begin
    if uitkomst != 0:
        stap(f"MISLUKT ({figuren}; totaal {totaal:.0f} s)")
        return 1
    stap(f"in orde ({figuren}; totaal {totaal:.0f} s); alleen de basis {basis} blijft")
    return 0


def bouwen(image: str, basis: str) -> None:
    args = ["--isolation", "chroot", "--layers=false", "--format", "docker"]
    args += ["--build-arg", f"BASE_IMAGE={basis}", "--file", str(ROOT / "Dockerfile")]
    if CA_BUNDLE.is_file():
        args += ["--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro"]
    with tempfile.TemporaryFile("w+") as log:
        uitkomst = subprocess.run(
            ["podman", "build", *args, "--tag", image, str(ROOT)],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if uitkomst.returncode != 0:
            log.seek(0)
            melding("".join(log.readlines()[-60:]))
            raise Mislukt("podman build mislukt (de laatste regels staan hierboven)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--binnen"]:
        from image_controles import controles_draaien  # next to this file

        beeindigen_bij_sigterm()
        try:
            sys.exit(controles_draaien(Path(sys.argv[2])))
        except KeyboardInterrupt:
            sys.exit(130)
    try:
        sys.exit(main())
    except Mislukt as fout:
        stap(f"MISLUKT: {fout}")
        sys.exit(1)
    except KeyboardInterrupt:
        stap("afgebroken; wat deze controle startte is gestopt en opgeruimd")
        sys.exit(130)
