"""Contributions: the public proposes, editors review a diff, each record shows its history.

The visitor's forms (a correction, a new organisation), what is refused and
how, the moderation queue (accept some fields, edit, reject), duplicates, the
public history and « vérifiée le … », the e-mails, and that proposals are not
content (no cache bump, not exported, not backed up).
"""

import time
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from ecosystem.core.cache import content_version
from proposals.forms import STARTED_SALT
from proposals.models import Proposal
from tests.test_open_data import body

pytestmark = pytest.mark.django_db
PASSWORD = "Cleantech-Wallonie-2025"


def started(seconds_ago: float = 10) -> str:
    """The form's signed start time, as if the visitor opened it ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)


@pytest.fixture
def actor():
    return Actor.objects.published().get(slug="region-wallonne")


def correction_url(record) -> str:
    return reverse("proposals:correction", args=[record._meta.model_name, record.slug])


def form_values(client, url) -> dict:
    """What the form shows, as a browser would send it back unchanged."""
    form = client.get(url).context["form"]
    values = {}
    for name in form.fields:
        initial = form[name].value()
        if initial in (None, ""):
            continue
        values[name] = [str(v) for v in initial] if isinstance(initial, list) else initial
    values["started"] = started()
    return values


def propose(client, url, **changes):
    values = {**form_values(client, url), "source": "https://www.wallonie.be", **changes}
    return client.post(url, values)


@pytest.fixture
def editor(client):
    call_command("create_editor", "editrice", email="e@example.be", password=PASSWORD)
    user = User.objects.get(username="editrice")
    return user


class TestProposing:
    def test_a_record_page_links_to_its_form_and_stays_in_the_page_cache(self, client, actor):
        page = client.get(actor.get_absolute_url())
        assert correction_url(actor) in page.content.decode()
        assert "csrfmiddlewaretoken" not in page.content.decode()
        with CaptureQueriesContext(connection) as queries:
            again = client.get(actor.get_absolute_url())
        assert again["X-Page-Cache"] == "hit" and len(queries) == 0

    def test_the_directories_link_to_a_new_organisation(self, client):
        for url in ("/actors/", "/en/actors/", "/clusters/"):
            assert reverse("proposals:organisation") in client.get(url).content.decode() or (
                "/propose/organisation/" in client.get(url).content.decode()
            )

    def test_the_form_in_both_languages_never_cached(self, client, actor):
        french = client.get(correction_url(actor))
        assert french.status_code == 200 and "Proposer une correction" in french.content.decode()
        assert "no-cache" in french["Cache-Control"] or "max-age=0" in french["Cache-Control"]
        english = client.get("/en" + correction_url(actor))
        assert "Suggest a correction" in english.content.decode()
        assert client.get("/en/propose/organisation/").status_code == 200

    def test_a_correction_is_kept_field_by_field_and_shown_nowhere(self, client, actor):
        version = content_version()
        response = propose(client, correction_url(actor), website="https://example.be/rw")
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert proposal.proposed == {"website": "https://example.be/rw"}
        assert proposal.current["website"] == actor.website
        assert proposal.status == Proposal.Status.WAITING
        assert content_version() == version  # a proposal is not content
        assert "example.be/rw" not in client.get(actor.get_absolute_url()).content.decode()
        assert "example.be/rw" not in body(client.get("/actors/export.json"))

    def test_an_acknowledgement_goes_to_the_address_left(self, client, actor):
        propose(client, correction_url(actor), website="https://example.be", email="p@x.be")
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["p@x.be"]
        assert f"n° {Proposal.objects.get().pk}" in mail.outbox[0].subject


class TestRefused:
    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"nickname": "robot"}, "champ caché doit rester vide"),
            ({"started": None}, "trop vite"),
            ({"started": "forged"}, "expiré"),
            ({"website": "javascript:alert(1)"}, "Saisissez une URL valide"),
            ({"website": "ftp://example.be/x"}, "Saisissez une URL valide"),
            ({"description": "x" * 1_000_000}, "au plus 5000"),
            ({"source": "x" * 1000}, "au plus 500"),
            ({"comment": "nul\x00"}, "Le caractère nul"),
            ({"email": "pas-une-adresse"}, "adresse e-mail valide"),
            ({"source": ""}, "Ce champ est obligatoire"),
        ],
    )
    def test_bad_input_gets_a_form_error_and_nothing_is_kept(self, client, actor, changes, message):
        if changes.get("started", "") is None:
            changes["started"] = started(seconds_ago=0)
        response = propose(client, correction_url(actor), **changes)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Proposal.objects.exists()

    def test_nothing_changed_and_nothing_said_is_refused(self, client, actor):
        response = propose(client, correction_url(actor))
        assert response.status_code == 400 and "rien changé" in response.content.decode()

    def test_markup_is_kept_as_text_and_shown_as_text(self, client, actor, editor):
        script = "<script>alert(1)</script> **gras**"
        propose(client, correction_url(actor), description=script, comment=script)
        client.force_login(editor)
        review = client.get(Proposal.objects.get().get_review_url()).content.decode()
        assert "<script>alert(1)</script>" not in review
        assert "&lt;script&gt;alert(1)&lt;/script&gt; **gras**" in review

    def test_a_flood_from_one_address_gets_a_429_and_the_site_still_answers(
        self, client, actor, settings
    ):
        settings.PORTAL_PROPOSAL_RATE = "3/h"
        codes = [
            propose(client, correction_url(actor), website=f"https://e{i}.be").status_code
            for i in range(5)
        ]
        assert codes == [302, 302, 302, 429, 429]
        assert Proposal.objects.count() == 3
        assert client.get(actor.get_absolute_url()).status_code == 200

    def test_a_thousand_proposals_from_one_address_publish_nothing_and_break_nothing(
        self, client, actor
    ):
        """The production rate (10/h): ten are kept for review, the rest refused, none shown."""
        url = correction_url(actor)
        values = {**form_values(client, url), "source": "x", "website": "https://spam.example"}
        codes = [client.post(url, values).status_code for _ in range(1000)]
        assert codes.count(302) == 10 and codes.count(429) == 990
        assert Proposal.objects.count() == 10
        assert "spam.example" not in client.get(actor.get_absolute_url()).content.decode()

    def test_an_unknown_kind_of_record_or_a_draft_is_a_404(self, client, actor):
        assert client.get("/propose/user/admin/").status_code == 404
        actor.is_published = False
        actor.save()
        assert client.get(correction_url(actor)).status_code == 404


class TestReview:
    def test_accept_one_field_reject_the_rest_one_change_in_history(
        self, client, actor, editor, django_capture_on_commit_callbacks
    ):
        propose(
            client,
            correction_url(actor),
            website="https://www.wallonie.be/",
            description="Une autre description.",
            email="p@x.be",
        )
        proposal = Proposal.objects.get()
        mail.outbox.clear()
        client.force_login(editor)
        page = client.get(proposal.get_review_url()).content.decode()
        assert "<del>" in page and "Une autre description." in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                proposal.get_review_url(),
                {
                    "decision": "accept",
                    "accept_website": "on",
                    "value_website": "https://www.wallonie.be/",
                    "value_description": "Une autre description.",
                },
            )
        assert response.status_code == 302
        actor.refresh_from_db()
        assert actor.website == "https://www.wallonie.be/"
        assert actor.description != "Une autre description."
        assert actor.checked_on == timezone.localdate()
        proposal.refresh_from_db()
        assert proposal.status == Proposal.Status.PARTLY_ACCEPTED
        assert proposal.accepted_fields == ["website"]
        assert len(mail.outbox) == 1 and "acceptée en partie" in mail.outbox[0].body
        client.logout()
        public = client.get(actor.get_absolute_url()).content.decode()
        assert "https://www.wallonie.be/" in public and "Vérifiée par l'équipe le" in public
        history = client.get(
            reverse("ecosystem:record_history", args=["actor", actor.slug])
        ).content.decode()
        assert f"proposition publique n° {proposal.pk} acceptée" in history
        assert "https://www.wallonie.be/" in history
        assert "Une autre description." not in history
        assert "editrice" not in history and "p@x.be" not in history

    def test_an_editor_edits_a_value_before_accepting_it(self, client, actor, editor):
        propose(client, correction_url(actor), website="https://wallonie.be/erreur")
        proposal = Proposal.objects.get()
        client.force_login(editor)
        client.post(
            proposal.get_review_url(),
            {"decision": "accept", "accept_website": "on", "value_website": "https://wallonie.be/"},
        )
        actor.refresh_from_db()
        assert actor.website == "https://wallonie.be/"
        assert Proposal.objects.get().status == Proposal.Status.ACCEPTED

    def test_reject_needs_a_reason_and_marks_the_record_checked(self, client, actor, editor):
        propose(client, correction_url(actor), website="https://faux.be")
        proposal = Proposal.objects.get()
        client.force_login(editor)
        refused = client.post(proposal.get_review_url(), {"decision": "reject", "reason": ""})
        assert (
            refused.status_code == 200 and "Dites au proposant pourquoi" in refused.content.decode()
        )
        client.post(proposal.get_review_url(), {"decision": "reject", "reason": "Pas de source."})
        proposal.refresh_from_db()
        actor.refresh_from_db()
        assert proposal.status == Proposal.Status.REJECTED and proposal.reason == "Pas de source."
        assert actor.website != "https://faux.be" and actor.checked_on == timezone.localdate()

    def test_a_new_organisation_with_its_duplicates_becomes_a_draft(self, client, editor):
        url = reverse("proposals:organisation")
        values = {
            "name": "Region Walonne",
            "kind": "public_authority",
            "pillar": "government",
            "source": "Rapport annuel 2025",
            "started": started(),
        }
        assert client.post(url, values).status_code == 302
        proposal = Proposal.objects.get()
        client.force_login(editor)
        page = client.get(proposal.get_review_url()).content.decode()
        assert "Doublons possibles" in page and "Région wallonne" in page
        client.post(
            proposal.get_review_url(),
            {
                "decision": "accept",
                **{f"accept_{name}": "on" for name in ("name", "kind", "pillar")},
                "value_name": "Region Walonne",
                "value_kind": "public_authority",
                "value_pillar": "government",
            },
        )
        created = Actor.objects.get(name="Region Walonne")
        assert not created.is_published
        assert (
            "proposition n° " in created.inference_fr
            and "Rapport annuel 2025" in created.inference_fr
        )
        client.logout()
        assert client.get(created.get_absolute_url()).status_code == 404

    def test_the_admin_index_counts_waiting_proposals(self, client, actor, editor):
        propose(client, correction_url(actor), website="https://un.be")
        client.force_login(editor)
        assert "1 proposition du public en attente" in client.get("/admin/").content.decode()


class TestNotContent:
    def test_proposals_are_not_in_the_backup(self, client, actor, tmp_path):
        propose(client, correction_url(actor), website="https://secret.be", email="p@x.be")
        backup = tmp_path / "backup.json"
        call_command("backup_content", str(backup), stdout=StringIO())
        text = backup.read_text()
        assert "proposals." not in text and "p@x.be" not in text

    def test_addresses_are_erased_30_days_after_the_decision(self, client, actor):
        propose(client, correction_url(actor), website="https://un.be", email="p@x.be")
        proposal = Proposal.objects.get()
        proposal.status = Proposal.Status.REJECTED
        proposal.decided_at = timezone.now() - timezone.timedelta(days=31)
        proposal.save()
        call_command("purge_proposal_emails", stdout=StringIO())
        assert Proposal.objects.get().email == ""
