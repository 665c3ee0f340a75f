"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} ontbreekt: installeer Debian's chromium (apt-get install chromium)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def csp_schendingen(page):
    """Collects Content-Security-Policy violations reported in the browser console."""
    meldingen = []
    page.on(
        "console",
        lambda bericht: (
            meldingen.append(bericht.text) if "Content Security Policy" in bericht.text else None
        ),
    )
    return meldingen


@pytest.fixture
def tweede_pagina(browser, csp_schendingen):
    """A second browser (its own cookies), for a second user; its CSP violations are collected
    in the same list as those of ``page``."""
    context = browser.new_context()
    pagina = context.new_page()
    pagina.on(
        "console",
        lambda bericht: (
            csp_schendingen.append(bericht.text)
            if "Content Security Policy" in bericht.text
            else None
        ),
    )
    yield pagina
    context.close()


@pytest.fixture
def regie_pagina(tweede_pagina):
    """The second browser, for the regisseur."""
    return tweede_pagina
