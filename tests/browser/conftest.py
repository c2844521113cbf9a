"""A real headless Chromium (Debian's package) driven by Playwright against the live test server.

Playwright's own browser download does not work on every machine, so the tests use the system
Chromium and are skipped, with the reason shown, where it is not installed.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def site(live_server, django_db_serialized_rollback, settings):
    """The demo partnership site, served by the live test server at its own address (SITE_URL)."""
    from cspr_site.site_address import apply_site_url

    settings.SITE_URL = live_server.url
    call_command("load_demo_content", verbosity=0)
    apply_site_url()
    return live_server.url


@pytest.fixture
def browser(site):
    """Started after the database is ready and stopped before it is reset: Playwright's event loop
    gives the test thread a new database connection, which must not be the one that resets it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def page_of_size(browser, width, height):
    """A fresh page in its own context, closed once the test is done with it."""
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser):
    yield from page_of_size(browser, 1280, 900)


def screenshot_folder(temporary):
    """SCREENSHOTS_DIR (relative to the repository) when set, so `make screenshots` can refresh the
    README's images; otherwise the given throwaway folder, so a test run leaves the tree untouched."""
    configured = os.environ.get("SCREENSHOTS_DIR")
    return ROOT / configured if configured else temporary


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    folder = screenshot_folder(tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def phone(browser):
    """A page the size of a small phone's screen: 375 by 667 CSS pixels."""
    yield from page_of_size(browser, 375, 667)
