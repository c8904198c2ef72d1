"""Shared test set-up: the real content of fixtures/ is loaded once per test session.

Tests run inside a transaction that is rolled back, so they see the documents'
content and may add to it freely. Tests that need a live server (transactional
tests) flush the database: they must reload the content with ``load_content``.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_files() -> list[str]:
    """Every fixture file, in load order (their names sort in dependency order)."""
    return [str(path) for path in sorted(FIXTURES_DIR.glob("*.json"))]


def load_content():
    files = fixture_files()
    if files:
        call_command("loaddata", *files, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_content()


@pytest.fixture(autouse=True)
def _axes_only_where_tested(request, settings):
    """django-axes needs a request to authenticate; ``client.login`` has none.

    Lockout is tested on its own (marker ``axes``); elsewhere it is switched off.
    """
    settings.AXES_ENABLED = request.node.get_closest_marker("axes") is not None


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 takes a quarter of a second by design; tests that log in need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests create content and check counts: no cached count or page from another test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _french_around_each_test():
    """A request under /en/ leaves English active in the test's thread (reverse() would
    then give /en/ addresses): every test starts and ends in French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def clear_caches():
    for alias_cache in caches.all():
        alias_cache.clear()
