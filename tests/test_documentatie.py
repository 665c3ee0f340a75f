"""The docs name code that exists: every name in backticks that looks like code (a dotted path
into the project, a file, a URL of the site, a function or field name) is found in the project,
so the docs cannot drift from the code again. Issue 15.6."""

import importlib
import re
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

PROJECT = Path(__file__).resolve().parent.parent
DOCS = sorted(PROJECT.glob("docs/*.md")) + [PROJECT / "README.md", PROJECT / "benchmarks/README.md"]
PAKKETTEN = {"config", "kern", "accounts", "berichten", "netwerk", "signalen", "bijeenkomsten",
             "trainingen", "tests", "benchmarks"}  # fmt: skip
# Names of libraries that the docs mention on purpose (what not to call, what is used).
ELDERS = {"send_mail", "get_objects_for_user", "accept_global_perms", "select_for_update",
          "skip_locked", "secure_admin_login", "on_commit", "transaction.on_commit",
          "max_connections"}  # fmt: skip
# The first part of the site's URLs (a path in backticks that starts otherwise is a file on a
# server, not checked here).
URLS = {"beheer", "signalen", "netwerk", "trainingen", "uitnodiging", "account", "gezond"}
LOOPTIJD = {"var", "staticfiles"}
BRONBESTANDEN = (".py", ".html", ".txt", ".toml", ".yml", ".cfg", ".ics", ".css", ".js")


def _bron() -> str:
    delen = []
    for pad in PROJECT.rglob("*"):
        overslaan = {".venv", "node_modules", "staticfiles", "vendor"} & set(pad.parts)
        if pad.suffix in BRONBESTANDEN and pad.is_file() and not overslaan:
            delen.append(pad.read_text(errors="replace"))
    delen += [(PROJECT / "Makefile").read_text(), (PROJECT / ".ci/run").read_text()]
    return "\n".join(delen)


def _bestaat_python(pad: str, bron: str) -> bool:
    """A dotted path: a module, or an attribute of one; else its text in the code (a dotted
    label such as a mail's soort)."""
    delen = pad.split(".")
    for i in range(len(delen), 0, -1):
        try:
            obj = importlib.import_module(".".join(delen[:i]))
        except ImportError:
            continue
        try:
            for naam in delen[i:]:
                obj = getattr(obj, naam)
        except AttributeError:
            break
        return True
    return pad in bron


def _is_bestand(naam: str) -> bool:
    """A path in the project (its first part exists there), or a file name with its suffix."""
    if naam.startswith("../"):
        return False  # outside this repository (the shared design): not checked here
    if "/" in naam and not naam.startswith("/"):
        eerste = naam.split("/")[0]
        # var/ and staticfiles/ are made at run time (uploads, caches), not part of the code.
        return eerste not in LOOPTIJD and (PROJECT / eerste).exists()
    return re.fullmatch(r"[\w-]+\.(py|md|html|txt|yml|toml|css|js)", naam) is not None


def _verwijzingen():
    for doc in DOCS:
        for gevonden in re.finditer(r"`([^`\n]+)`", doc.read_text()):
            yield doc, gevonden.group(1).strip()


def test_elke_codenaam_in_de_documentatie_bestaat():
    bron = _bron()
    fouten = []
    for doc, naam in _verwijzingen():
        kern = re.sub(r"\(.*\)$", "", naam)  # a call: the name before its arguments
        if kern in ELDERS or " " in kern:  # a library's name, a command
            continue
        if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", kern) and kern.split(".")[0] in PAKKETTEN:
            goed = _bestaat_python(kern, bron)
        elif re.fullmatch(r"/[\w/.<>:-]*", kern) and kern.split("/")[1] in URLS:  # the site
            pad = re.sub(r"<[^>]+>", "1", kern.split("?")[0])
            try:
                resolve(pad)
                goed = True
            except Resolver404:
                goed = False
        elif _is_bestand(kern):
            goed = any(
                (basis / kern).exists() for basis in (PROJECT, doc.parent, PROJECT / "docs")
            ) or any(PROJECT.glob(f"**/{kern}"))
        elif re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", kern):  # a function or field name
            goed = re.search(rf"\b{re.escape(kern)}\b", bron) is not None
        else:
            continue  # prose in backticks, a value, a command
        if not goed:
            fouten.append(f"{doc.relative_to(PROJECT)}: `{naam}`")
    assert not fouten, "Deze namen uit de documentatie bestaan niet:\n" + "\n".join(fouten)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_de_documentatie_verwijst_naar_bestaande_documenten(doc):
    for gevonden in re.finditer(r"\]\(([^)#\s]+)(#[^)]*)?\)", doc.read_text()):
        doel = gevonden.group(1)
        if "://" in doel:
            continue
        assert (doc.parent / doel).exists(), f"{doc.name}: {doel}"
