"""The foundation: settings from the environment, the deploy checks, constraints, drafts,
migrations."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks
from django.core.management import call_command
from django.db import IntegrityError, transaction

from actors.models import Actor, Person, Role
from clusters.models import Cluster, Membership
from config.settings import database_from_url
from ecosystem.core.text import normalise
from ecosystem.models import Domain, Pillar

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_check(**env) -> subprocess.CompletedProcess:
    """Run `manage.py check` in a fresh interpreter with the given environment."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestSettings:
    def test_production_refuses_to_start_without_secret_key(self):
        result = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.example.be")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_production_refuses_to_start_without_allowed_hosts(self):
        result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
        assert result.returncode != 0
        assert "DJANGO_ALLOWED_HOSTS" in result.stderr

    def test_production_starts_with_both(self):
        result = run_check(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="a-real-secret-" + "k" * 40,
            DJANGO_ALLOWED_HOSTS="portal.example.be",
        )
        assert result.returncode == 0, result.stderr

    def test_database_url_parsing(self):
        default = database_from_url("")
        assert default["ENGINE"] == "django.db.backends.sqlite3"
        assert str(default["NAME"]).startswith(str(PROJECT_DIR))

        pg = database_from_url("postgres://alice:s%40cret@db.local:5433/portal")
        assert pg["ENGINE"] == "django.db.backends.postgresql"
        assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
            "alice",
            "s@cret",
            "db.local",
            "5433",
            "portal",
        )
        # Index lookups priced for SSDs unless the environment says otherwise.
        assert pg["OPTIONS"] == {"options": "-c random_page_cost=1.1", "connect_timeout": 3}

    def test_a_server_that_never_answers_fails_the_connection_in_seconds(self, monkeypatch):
        """A hung replica (port open, no answer) must not hold a worker for minutes."""
        import socket
        import time

        psycopg2 = pytest.importorskip("psycopg2")
        monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "1")
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            port = silent.getsockname()[1]
            entry = database_from_url(f"postgres://alice@127.0.0.1:{port}/portal")
            started = time.monotonic()
            with pytest.raises(psycopg2.OperationalError):
                psycopg2.connect(
                    host=entry["HOST"],
                    port=entry["PORT"],
                    dbname=entry["NAME"],
                    user=entry["USER"],
                    connect_timeout=entry["OPTIONS"]["connect_timeout"],
                )
            assert time.monotonic() - started < 5

    def test_random_page_cost_from_the_environment(self, monkeypatch):
        from django.core.exceptions import ImproperlyConfigured

        url = "postgres://alice@db.local/portal"
        monkeypatch.setenv("DATABASE_RANDOM_PAGE_COST", "")
        assert database_from_url(url)["OPTIONS"] == {"connect_timeout": 3}
        monkeypatch.setenv("DATABASE_RANDOM_PAGE_COST", "2")
        assert database_from_url(url)["OPTIONS"]["options"] == "-c random_page_cost=2.0"
        monkeypatch.setenv("DATABASE_RANDOM_PAGE_COST", "1; DROP TABLE x")
        with pytest.raises(ImproperlyConfigured, match="must be a number"):
            database_from_url(url)

    def test_unknown_database_scheme_is_a_clear_error(self):
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
            database_from_url("mysql://x@y/z")

    def test_language_and_time_zone(self, settings):
        assert settings.LANGUAGE_CODE == "fr"
        assert settings.TIME_ZONE == "Europe/Brussels"
        middleware = settings.MIDDLEWARE
        whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
        assert middleware[whitenoise - 1] == "django.middleware.security.SecurityMiddleware"


@pytest.mark.django_db
class TestConstraints:
    def make_actor(self, slug="acme"):
        fields = {"name": slug.title(), "kind": Actor.Kind.COMPANY, "pillar": Pillar.CORPORATE}
        return Actor.objects.create(slug=slug, **fields)

    def test_duplicate_slug_rejected(self):
        self.make_actor("acme-test")
        with pytest.raises(IntegrityError), transaction.atomic():
            self.make_actor("acme-test")

    def test_duplicate_membership_rejected(self):
        actor = self.make_actor("acme-member")
        cluster = Cluster.objects.create(slug="test-hub", name="Test hub", kind=Cluster.Kind.HUB)
        Membership.objects.create(actor=actor, cluster=cluster)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(actor=actor, cluster=cluster, role=Membership.Role.FOUNDER)

    def test_role_needs_an_actor_or_a_cluster(self):
        person = Person.objects.create(slug="jane-test", name="Jane Test")
        with pytest.raises(IntegrityError), transaction.atomic():
            Role.objects.create(person=person, title="Directrice")


@pytest.mark.django_db
class TestPublished:
    def test_published_hides_drafts(self):
        Domain.objects.create(slug="draft-domain", name="Brouillon", is_published=False)
        Domain.objects.create(slug="public-domain", name="Public", is_published=True)
        visible = set(Domain.objects.published().values_list("slug", flat=True))
        assert "public-domain" in visible
        assert "draft-domain" not in visible

    def test_new_records_are_drafts_by_default(self):
        domain = Domain.objects.create(slug="fresh", name="Nouveau")
        assert domain.is_published is False


@pytest.mark.django_db
class TestSearchText:
    def test_search_text_is_normalised_on_save(self):
        domain = Domain.objects.create(slug="hydrogene-test", name="Hydrogène ÉNERGIE")
        assert domain.search_text.startswith("hydrogene energie")

    def test_normalise_handles_ligatures_and_controls(self):
        assert normalise("Cœur\x00du  Hainaut") == "coeur du hainaut"


@pytest.mark.django_db
def test_migrations_are_complete():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# --- The deploy checks ----------------------------------------------------------------

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
    # REDIS_URL (set in CI's Redis run) would win over the folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
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
