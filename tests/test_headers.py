"""Production hardening: deploy checks, headers, health, lockout, sanitising, backups."""

import html
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.checks import Tags, run_checks
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import path, reverse
from django.utils.html import strip_tags

from actors.models import Actor
from config import urls as config_urls
from ecosystem.core.markdown import plain, render_markdown
from ecosystem.models import Pillar

# The limits on, as in production: a failure must not turn them into a 429 for everyone.
pytestmark = pytest.mark.production_limits

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "portal.example.be",
}


def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_names_a_cache_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV, DJANGO_CACHE_DIR=str(blocker / "cache"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not an error
    lines = [line for line in result.stderr.splitlines() if "portal.W001" in line]
    assert len(lines) == 2, result.stderr  # the default and the pages caches
    assert f"{blocker / 'cache' / 'default'} ('default' cache)" in lines[0]
    assert f"{blocker} is not a folder" in lines[0]


def test_check_deploy_names_a_read_only_cache_folder(settings, tmp_path, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "ecosystem.core.cache_backends.FailSafeFileBasedCache",
            "LOCATION": str(tmp_path / "cache" / "default"),
        }
    }
    assert not run_checks(include_deployment_checks=True, tags=[Tags.caches])
    # A read-only mount: access(2) answers EROFS to W_OK, whoever asks (root too).
    monkeypatch.setattr("ecosystem.core.checks.os.access", lambda path, mode: False)
    (warning,) = run_checks(include_deployment_checks=True, tags=[Tags.caches])
    assert warning.id == "portal.W001"
    assert str(tmp_path / "cache" / "default") in warning.msg
    assert "is not writable (a read-only mount" in warning.msg


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/actors/", "/search/?q=hydrogene", "/admin/login/", "/x/"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part)
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_script(client):
    for url in ["/", "/actors/", "/hubs/", "/search/?q=energie"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "onclick=" not in html


class TestHealth:
    @pytest.mark.django_db
    def test_healthy(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}

    @pytest.mark.django_db
    def test_database_down_gives_503(self, client):
        with mock.patch("ecosystem.core.health.connections") as connections:
            connections.__iter__.return_value = iter(["default"])
            connections["default"].cursor.side_effect = DatabaseError("down")
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
@pytest.mark.axes
def test_repeated_failed_logins_lock_the_account(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "e@example.be", "right-password-123")
    login_url = reverse("admin:login")
    statuses = [
        client.post(login_url, {"username": "editor", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The usual form error, until the limit is reached.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(login_url, {"username": "editor", "password": "right-password-123"})
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    # Another account from the same address is not locked.
    django_user_model.objects.create_superuser("other", "o@example.be", "other-password-123")
    other = client.post(login_url, {"username": "other", "password": "other-password-123"})
    assert other.status_code == 302


class TestRichText:
    HOSTILE = (
        "**Gras** et [lien](https://example.be)\n\n"
        "<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[piège](javascript:alert(1))\n\n"
        '<a href="https://ok.be" onclick="steal()">clic</a>'
    )

    def test_markdown_is_sanitised(self):
        html = render_markdown(self.HOSTILE)
        assert "<strong>Gras</strong>" in html
        assert 'href="https://example.be"' in html
        for forbidden in ("<script", "onerror", "onclick", "javascript:", "<img"):
            assert forbidden not in html

    @pytest.mark.django_db
    def test_hostile_description_on_the_page(self, client):
        actor = Actor.objects.create(
            slug="zz-hostile",
            name="Hostile SA",
            kind=Actor.Kind.COMPANY,
            pillar=Pillar.CORPORATE,
            description=self.HOSTILE,
            is_published=True,
        )
        html = client.get(actor.get_absolute_url()).content.decode()
        assert "<strong>Gras</strong>" in html
        for forbidden in ("<script>alert", "onerror=", "onclick=", "javascript:alert"):
            assert forbidden not in html


def _broken_view(request):
    raise RuntimeError("boom")


# The site's own patterns, spread rather than include()d: Django refuses to
# include a URLconf that uses i18n_patterns.
urlpatterns = [path("boom/", _broken_view), *config_urls.urlpatterns]


class TestErrorPages:
    @pytest.mark.django_db
    def test_404_in_french_with_a_way_back(self, client):
        response = client.get("/actors/no-such-actor/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page introuvable" in html and "Retour à l'accueil" in html
        assert html.count("<main") == 1

    @pytest.mark.django_db
    def test_500_page_and_log(self, client, settings, caplog):
        settings.ROOT_URLCONF = __name__
        settings.DEBUG = False
        client.raise_request_exception = False
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get("/boom/")
        assert response.status_code == 500
        assert "Une erreur est survenue" in response.content.decode()
        assert any("/boom/" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_backup_reloads_into_an_empty_database(tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup_content", str(backup))
    before = json.loads(backup.read_text())
    assert len(before) > 100  # the real content is there

    call_command("flush", interactive=False, verbosity=0)
    assert not Actor.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)

    again = tmp_path / "again.json"
    call_command("backup_content", str(again))
    assert json.loads(again.read_text()) == before


@pytest.mark.parametrize(
    "text",
    [
        "Entreprise (Charleroi Métropole). Forme les techniciens de la région.",
        "- une liste",
        "1. un",
        "2024. Une année",
        "# titre",
        "> citation",
        "a *b* c",
        "a & b",
        "a &amp; b",
        "<script>alert(1)</script>",
        "    du code",
        "deux\nlignes",
        "+ plus",
        "= titre ?",
        "x\\_y",
        "100 000 € « cité » — fin…",
        "",
    ],
)
def test_plain_text_of_a_description_is_the_same_on_the_fast_path(text):
    """A text Markdown would not change skips it; every other goes through it."""
    slow = " ".join(html.unescape(strip_tags(render_markdown(text))).split())
    assert plain(text) == slow
