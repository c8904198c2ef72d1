"""Playwright drives Debian's Chromium (/usr/bin/chromium) against pytest-django's
live server; no browser is downloaded. Screenshots go to artifacts/screenshots/."""

import os
from pathlib import Path

import pytest

from tests.conftest import load_content

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

# Playwright's sync API keeps an event loop in the main thread, where the tests also
# use the ORM (loading the content); Django would refuse that without this switch.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                # CI installs Chromium (.ci/run): there, a missing browser is a failure.
                if os.environ.get("CI"):
                    continue
                item.add_marker(
                    pytest.mark.skip(reason=f"{CHROMIUM} missing: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
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
def site(live_server):
    """The live server's address, with the real content loaded (its database is flushed
    after every test)."""
    load_content()
    return live_server.url


@pytest.fixture
def screenshot(page):
    """Save the page as artifacts/screenshots/<name>.png (the journey's end state)."""

    def save(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save
