"""Document ingestion (issue 28): what the reader refuses, what it finds, and the replay."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from pypdf import PdfWriter

from ingestion import entities, figures, mentions, sentences
from ingestion.extraction import MAX_BYTES, Refused, extract, from_pasted
from ingestion.language import detect_language

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.PORTAL_DOCUMENTS_DIR)
needs_the_five_documents = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"the five source documents are not in {SEEDS} (PORTAL_DOCUMENTS_DIR)",
)

FRENCH = (
    "Le District Cleantech réunit plus de 80 membres à Charleroi. Vincent Michel, directeur "
    "de GreenWin, explique que la Wallonie compte 300 start-ups et que 65 % d'entre elles "
    "sont actives dans le numérique. "
) * 3
ENGLISH = (
    "Sylvia Russell from Cambridge Cleantech spoke in Charleroi. The Porte Ouest plan will "
    "revitalise 100 hectares of brownfields, with €90 million invested by Aperam. "
) * 3


def pdf(pages=1, encrypt=False) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class TestBadInput:
    def test_empty(self):
        with pytest.raises(Refused, match="vide"):
            extract(b"  \n ", "article.txt")

    def test_too_large(self):
        with pytest.raises(Refused, match="limite est de 20 Mo"):
            extract(b"a" * (MAX_BYTES + 1), "rapport.txt")

    def test_encrypted_pdf(self):
        with pytest.raises(Refused, match="chiffré"):
            extract(pdf(encrypt=True), "rapport.pdf")

    def test_scanned_pdf_has_no_text(self):
        with pytest.raises(Refused, match="images"):
            extract(pdf(pages=3), "scan.pdf")

    def test_not_what_its_extension_says(self):
        with pytest.raises(Refused, match="extension"):
            extract(FRENCH.encode(), "rapport.pdf")
        with pytest.raises(Refused, match="extension"):
            extract(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "article.txt")

    def test_unsupported_type(self):
        with pytest.raises(Refused, match="non pris en charge"):
            extract(FRENCH.encode(), "tableau.xlsx")

    def test_unknown_encoding(self):
        noise = bytes(range(128, 256)) * 40
        with pytest.raises(Refused, match="encodage|ni en français"):
            extract(noise, "notes.txt")

    def test_other_language(self):
        german = "Die Wallonie ist eine Region in Belgien und hat viele Unternehmen. " * 10
        with pytest.raises(Refused, match="ni en français ni en anglais"):
            extract(german.encode(), "artikel.txt")


class TestExtraction:
    def test_latin1_text_is_decoded(self):
        extracted = extract(FRENCH.encode("cp1252"), "article.txt")
        assert "réunit" in extracted.text
        assert extracted.language == "fr"

    def test_mojibake_is_repaired(self):
        broken = FRENCH.encode("utf-8").decode("cp1252").encode("utf-8")
        assert "réunit" in extract(broken, "article.txt").text

    def test_html_article(self):
        page = (
            f"<html><head><title>Le district</title></head><body><nav>Menu</nav>"
            f"<article><p>{FRENCH}</p></article></body></html>"
        )
        extracted = extract(page.encode(), "page.html")
        assert "District Cleantech" in extracted.text
        assert extracted.title == "Le district"

    def test_pasted_english(self):
        assert from_pasted(ENGLISH).language == "en"
        assert detect_language(ENGLISH) == "en"


class TestReading:
    def test_sentences_end_at_punctuation_blank_lines_and_bullets(self):
        cut = sentences.split("Une phrase. Une autre\nsuite.\n\n• Un point • Un autre")
        assert [s.text for s in cut] == ["Une phrase.", "Une autre suite.", "Un point", "Un autre"]

    @pytest.mark.parametrize(
        ("text", "value", "unit"),
        [
            ("PIB par habitant : 30 500 €", Decimal("30500"), "€"),
            ("7.000 membres", Decimal("7000"), "membres"),
            ("Taux de chômage: 11,1% en 2013", Decimal("11.1"), "%"),
            ("3,6 millions d'habitants", Decimal("3600000"), "habitants"),
            ("with €90 million invested", Decimal("90000000"), "€"),
            ("its 30,000 hectares of forest", Decimal("30000"), "hectares"),
            ("quatre plateformes stratégiques", Decimal("4"), "plateformes"),
            ("16 844 Km2", Decimal("16844"), "km²"),
        ],
    )
    def test_figures(self, text, value, unit):
        found = figures.find(text)
        assert (found[0].value, found[0].unit) == (value, unit)

    def test_a_year_is_not_a_figure(self):
        assert figures.find("Créée en 1969, réformée en 2013.") == []

    def test_english_rules(self):
        found = {(c.name, c.kind) for c in entities.with_rules(ENGLISH.split(". ")[0])}
        assert ("Sylvia Russell", entities.PERSON) in found
        assert ("Cambridge Cleantech", entities.ORGANISATION) in found
        assert ("Charleroi", entities.PLACE) in found

    def test_french_model(self):
        [found] = entities.with_model(["Vincent Michel dirige le District Cleantech à Charleroi."])
        assert entities.Candidate("Vincent Michel", entities.PERSON) in found


@needs_the_five_documents
def test_replay_of_the_english_document():
    """CI replays one document (the whole replay is docs/ingestion.md's command)."""
    from ingestion.management.commands.replay_documents import replay_folder

    # As in the replay's fresh database: no record known beside the sources (rolled back).
    for label in reversed(mentions.KNOWN):
        apps.get_model(label)._default_manager.all().delete()
    measure, seconds = replay_folder(SEEDS, ["003_b0936d3508c46887.txt"])
    found, expected = measure.recall["people"]
    assert found / expected >= 0.85
    found, expected = measure.recall["figures"]
    assert found / expected >= 0.80
    assert measure.precision >= 0.50
    assert seconds < 60


QUEUE_TWO_DOCUMENTS = """
from ingestion.models import IngestionRun
from ingestion.tasks import ingest_document
for name, text in (("communique.txt", NEW_NAMES), ("bericht.txt", "Ein kurzer Text. " * 20)):
    run = IngestionRun.objects.create(file_name=name, document=text.encode())
    ingest_document.enqueue(run.pk)
"""
REPORT = """
import json
from django_tasks_db.models import DBTaskResult
from ingestion.models import IngestionRun
from proposals.models import Proposal
print(json.dumps({
    "runs": list(IngestionRun.objects.order_by("pk").values_list("status", "error", "source_id")),
    "jobs": list(DBTaskResult.objects.values_list("status", "worker_ids")),
    "proposals": {r.file_name: Proposal.objects.filter(origin=r.origin).count()
                  for r in IngestionRun.objects.all()},
}))
"""


def test_a_worker_process_reads_the_queue_of_a_file_database(tmp_path):
    """`manage.py db_worker`, a process of its own as in production, against a SQLite file
    that another process migrated and queued two documents in: it reads one into a source
    and proposals, fails the other with its reason, and records both jobs as its own."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/portal.sqlite3"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout

    manage("migrate", "-v0")
    manage("shell", "-v0", "-c", f"NEW_NAMES = {NEW_NAMES!r}\n{QUEUE_TWO_DOCUMENTS}")
    manage("db_worker", "--batch", "--no-startup-delay", "--worker-id", "worker-a")
    report = json.loads(manage("shell", "-v0", "-c", REPORT).strip().splitlines()[-1])
    (done, _no_error, source), (failed, reason, no_source) = report["runs"]
    assert (done, failed, no_source) == ("done", "failed", None) and source
    assert "ni en français ni en anglais" in reason
    assert report["jobs"] == [["SUCCESSFUL", ["worker-a"]]] * 2
    assert report["proposals"]["communique.txt"] > 0
    assert report["proposals"]["bericht.txt"] == 0


def run_worker_once():
    """django-tasks-db's worker loop, as `manage.py db_worker --batch` runs it: it claims
    each ready job with a row lock, runs it and records its result, then stops."""
    from unittest import mock

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The loop closes a connection it finds outside autocommit (a process of its own may);
    # here its connection is the test's, inside the test's transaction (on PostgreSQL).
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        worker.run()


class TestQueue:
    def test_a_queued_document_is_read_by_a_worker(self):
        from django_tasks_db.models import DBTaskResult

        from ecosystem.models import Source
        from ingestion.models import IngestionRun
        from ingestion.tasks import ingest_document
        from proposals.models import Proposal

        run = IngestionRun.objects.create(
            file_name="article.txt", document=FRENCH.encode(), title="Un article", language="fr"
        )
        ingest_document.enqueue(run.pk)
        assert run.status == IngestionRun.Status.QUEUED
        assert not Proposal.objects.filter(origin=run.origin).exists()
        run_worker_once()
        run.refresh_from_db()
        job = DBTaskResult.objects.get()
        assert (job.status, job.return_value) == ("SUCCESSFUL", run.counts)
        assert (run.status, run.stage, run.percent) == ("done", "proposing", 100)
        assert run.document == b""
        source = Source.objects.defer(None).get(pk=run.source_id)
        assert (source.title, source.is_published, source.file_name) == (
            "Un article",
            False,
            "article.txt",
        )
        assert "réunit plus de 80 membres" in source.text
        proposals = Proposal.objects.filter(origin=run.origin)
        assert sum(run.counts.values()) == proposals.count()
        kinds = set(proposals.values_list("kind", flat=True))
        assert {"mention", "figure"} <= kinds  # the fixtures know its names
        figure = proposals.get(kind="figure", proposed__unit="membres")
        assert figure.proposed["value"] == "80"
        assert figure.excerpts == [
            {
                "source": source.slug,
                "text": "Le District Cleantech réunit plus de 80 membres à Charleroi.",
            }
        ]

    def test_a_refused_document_fails_its_run_and_creates_nothing(self):
        from ecosystem.models import Source
        from ingestion.models import IngestionRun
        from ingestion.tasks import ingest_document
        from proposals.models import Proposal

        sources = Source.objects.count()
        run = IngestionRun.objects.create(file_name="rapport.pdf", document=FRENCH.encode())
        ingest_document.enqueue(run.pk)
        run_worker_once()
        run.refresh_from_db()
        assert (run.status, run.stage) == ("failed", "extracting")
        assert "extension" in run.error
        assert Source.objects.count() == sources
        assert not Proposal.objects.filter(origin=run.origin).exists()

    def test_an_error_while_proposing_rolls_everything_back(self, monkeypatch):
        from ecosystem.models import Source
        from ingestion import pipeline
        from ingestion.models import IngestionRun
        from proposals.models import Proposal

        def broken(run, source, findings):
            Proposal.objects.create(kind="figure", source="x", origin=run.origin)
            raise RuntimeError("disque plein")

        monkeypatch.setattr(pipeline, "propose", broken)
        sources = Source.objects.count()
        run = IngestionRun.objects.create(file_name="article.txt", document=FRENCH.encode())
        with pytest.raises(RuntimeError):
            pipeline.ingest(run)
        run.refresh_from_db()
        assert (run.status, run.stage, run.error) == (
            "failed",
            "proposing",
            "RuntimeError: disque plein",
        )
        assert Source.objects.count() == sources
        assert not Proposal.objects.filter(origin=run.origin).exists()


NEW_NAMES = (
    "La société Hydrolux SA a été fondée par Marie Dubreucq à Lessines. "
    "Hydrolux SA emploie 45 emplois et réunit 12 membres au sein du District Cleantech. "
    "Marie Dubreucq dirige aussi la recherche sur l'hydrogène vert en Wallonie. "
) * 2
PASSWORD = "Cleantech-Wallonie-2025"


@pytest.fixture
def editor(client):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("create_editor", "editrice", email="e@example.be", password=PASSWORD)
    client.force_login(User.objects.get(username="editrice"))
    return User.objects.get(username="editrice")


@pytest.fixture
def read_run():
    """NEW_NAMES read in-process, as the worker would: its run, source and proposals."""
    from ingestion import pipeline
    from ingestion.models import IngestionRun

    run = IngestionRun.objects.create(
        file_name="communique.txt", document=NEW_NAMES.encode(), title="Communiqué Hydrolux"
    )
    return pipeline.ingest(run)


def proposal_of(run, kind, **proposed):
    from proposals.models import Proposal

    found = Proposal.objects.filter(origin=run.origin, kind=kind).order_by("pk")
    for name, value in proposed.items():
        found = found.filter(**{f"proposed__{name}": value})
    assert found.exists(), [(p.kind, p.proposed) for p in Proposal.objects.exclude(kind="mention")]
    return found.first()


class TestReview:
    def test_the_review_page_shows_the_excerpts(self, client, editor, read_run):
        proposal = proposal_of(read_run, "new_person", name="Marie Dubreucq")
        page = client.get(proposal.get_review_url()).content.decode()
        assert "Extraits du document" in page
        assert "Marie Dubreucq dirige aussi la recherche" in page

    def test_a_new_person_or_place_shows_its_possible_duplicates(self, client, editor, read_run):
        from actors.models import Person
        from ecosystem.models import Territory

        Person.objects.create(slug="marie-dubreuck", name="Marie Dubreuck")
        Territory.objects.create(slug="lessine", name="Lessine", kind="city")
        for kind, twin in (("new_person", "Marie Dubreuck"), ("new_place", "Lessine")):
            page = client.get(proposal_of(read_run, kind).get_review_url()).content.decode()
            assert "cette fiche existe peut-être déjà" in page and f"« {twin} »" in page

    def test_accepting_a_mention_cites_the_source_with_its_excerpt(self, client, editor, read_run):
        from clusters.models import Cluster

        cluster = Cluster.objects.get(name="District Cleantech")
        proposal = proposal_of(read_run, "mention").__class__.objects.about(cluster).get()
        client.post(proposal.get_review_url(), {"decision": "accept"})
        cluster.refresh_from_db()
        assert read_run.source in cluster.sources.all()
        assert {"source": read_run.source.slug, "text": proposal.excerpts[0]["text"]} in (
            cluster.excerpts
        )
        proposal.refresh_from_db()
        assert proposal.status == "accepted"

    @pytest.mark.parametrize(
        ("kind", "proposed", "form", "model", "expected"),
        [
            (
                "new_organisation",
                {"name": "Hydrolux SA"},
                {"value_name": "Hydrolux", "value_kind": "startup", "value_pillar": "entrepreneur"},
                "actors.Actor",
                {"name": "Hydrolux", "kind": "startup", "pillar": "entrepreneur"},
            ),
            (
                "new_person",
                {"name": "Marie Dubreucq"},
                {"value_name": "Marie Dubreucq"},
                "actors.Person",
                {"name": "Marie Dubreucq"},
            ),
            (
                "new_place",
                {"name": "Lessines"},
                {"value_name": "Lessines", "value_kind": "city"},
                "ecosystem.Territory",
                {"name": "Lessines", "kind": "city"},
            ),
            (
                "figure",
                {"unit": "emplois"},
                {
                    "value_label": "Emplois chez Hydrolux",
                    "value_value": "45",
                    "value_unit": "emplois",
                },
                "ecosystem.KeyFigure",
                {"label": "Emplois chez Hydrolux", "value": Decimal("45"), "unit": "emplois"},
            ),
        ],
    )
    def test_accepting_an_edited_new_record_makes_a_draft_citing_the_source(
        self, client, editor, read_run, kind, proposed, form, model, expected
    ):
        proposal = proposal_of(read_run, kind, **proposed)
        accepted = {f"accept_{name}": "on" for name in proposal.proposed}
        response = client.post(
            proposal.get_review_url(), {"decision": "accept", **accepted, **form}
        )
        assert response.status_code == 302, response.content.decode()
        proposal.refresh_from_db()
        record = proposal.target
        assert isinstance(record, apps.get_model(model))
        assert {name: getattr(record, name) for name in expected} == expected
        assert not record.is_published
        assert list(record.sources.all()) == [read_run.source]
        assert record.excerpts == proposal.excerpts
        client.logout()
        assert client.get(record.get_absolute_url()).status_code == 404

    def test_a_figure_needs_a_number(self, client, editor, read_run):
        proposal = proposal_of(read_run, "figure", unit="emplois")
        accepted = {f"accept_{name}": "on" for name in proposal.proposed}
        page = client.post(
            proposal.get_review_url(),
            {"decision": "accept", **accepted, "value_label": "x", "value_value": "beaucoup"},
        )
        assert "Une valeur est un nombre" in page.content.decode()
        proposal.refresh_from_db()
        assert proposal.status == "waiting"

    @pytest.mark.parametrize(
        "kind", ["mention", "new_organisation", "new_person", "new_place", "figure"]
    )
    def test_rejecting_creates_nothing(self, client, editor, read_run, kind):
        from actors.models import Actor, Person
        from ecosystem.models import KeyFigure, Territory

        counts = [m.objects.count() for m in (Actor, Person, Territory, KeyFigure)]
        proposal = proposal_of(read_run, kind)
        client.post(proposal.get_review_url(), {"decision": "reject", "reason": "Hors sujet."})
        proposal.refresh_from_db()
        assert (proposal.status, proposal.reason) == ("rejected", "Hors sujet.")
        assert [m.objects.count() for m in (Actor, Person, Territory, KeyFigure)] == counts


class TestCommand:
    def test_a_document_read_on_the_command_line_with_a_progress_bar(self, tmp_path):
        from io import StringIO

        from django.core.management import call_command

        from ingestion.models import IngestionRun
        from proposals.models import Proposal

        document = tmp_path / "communique.txt"
        document.write_text(NEW_NAMES)
        out = StringIO()
        call_command(
            "ingest_document",
            str(document),
            "--title=Communiqué",
            "--publisher=Hydrolux",
            "--date=2025-03-31",
            "--language=fr",
            stdout=out,
        )
        run = IngestionRun.objects.get()
        assert (run.status, run.source.title, str(run.source.date)) == (
            "done",
            "Communiqué",
            "2025-03-31",
        )
        assert "] 100 % propositions" in out.getvalue()
        assert f"{Proposal.objects.filter(origin=run.origin).count()} propositions" in (
            out.getvalue()
        )

    @pytest.mark.parametrize(
        ("name", "data", "options", "message"),
        [
            ("absent.txt", None, [], "Pas de fichier"),
            ("vide.txt", b"  ", [], "vide"),
            ("rapport.pdf", FRENCH.encode(), [], "extension"),
            ("scan.pdf", pdf(pages=3), [], "images"),
            ("article.txt", FRENCH.encode(), ["--date=31/03/2025"], "Date illisible"),
        ],
    )
    def test_bad_input_is_a_command_error_and_nothing_is_created(
        self, tmp_path, name, data, options, message
    ):
        from django.core.management import CommandError, call_command

        from ecosystem.models import Source
        from ingestion.models import IngestionRun
        from proposals.models import Proposal

        sources = Source.objects.count()
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with pytest.raises(CommandError, match=message):
            call_command("ingest_document", str(tmp_path / name), *options, stdout=io.StringIO())
        assert Source.objects.count() == sources
        assert not IngestionRun.objects.exists() and not Proposal.objects.exists()


class TestAdmin:
    def test_an_editor_uploads_a_document_and_follows_its_reading(self, client, editor):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from ingestion.models import IngestionRun

        listing = client.get("/admin/ingestion/ingestionrun/").content.decode()
        assert "Ajouter un document" in listing
        assert client.get("/admin/ingestion/ingestionrun/add/").status_code == 200
        upload = SimpleUploadedFile("communique.txt", NEW_NAMES.encode(), "text/plain")
        response = client.post(
            "/admin/ingestion/ingestionrun/add/",
            {"file": upload, "title": "Communiqué", "date": "2025-03-31", "language": "fr"},
        )
        run = IngestionRun.objects.get()
        assert response.url == run.get_absolute_url()
        assert (run.status, run.created_by) == ("queued", editor)
        page = client.get(run.get_absolute_url()).content.decode()
        assert '<meta http-equiv="refresh" content="2">' in page
        assert '<progress id="run-progress" max="100" value="0">' in page
        run_worker_once()
        page = client.get(run.get_absolute_url()).content.decode()
        assert "refresh" not in page and 'value="100"' in page
        assert f"origin=ingestion%3A{run.pk}" in page and "nouvelle personne (1)" in page
        queue = client.get(f"/admin/proposals/proposal/?origin=ingestion:{run.pk}")
        assert queue.status_code == 200 and "Marie Dubreucq" in queue.content.decode()

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({}, "Envoyez un fichier ou collez un texte"),
            ({"file": ("tableau.xlsx", b"PK\x03\x04")}, "non pris en charge"),
            ({"file": ("article.txt", FRENCH.encode()), "text": FRENCH}, "l&#x27;un des deux"),
        ],
    )
    def test_a_bad_upload_is_a_form_error_and_nothing_is_queued(
        self, client, editor, values, message
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django_tasks_db.models import DBTaskResult

        from ingestion.models import IngestionRun

        if "file" in values:
            values["file"] = SimpleUploadedFile(*values["file"])
        page = client.post("/admin/ingestion/ingestionrun/add/", values)
        assert page.status_code == 200 and message in page.content.decode()
        assert not IngestionRun.objects.exists() and not DBTaskResult.objects.exists()

    def test_a_failed_run_shows_its_reason(self, client, editor):
        from ingestion.models import IngestionRun

        client.post("/admin/ingestion/ingestionrun/add/", {"text": "Ein kurzer Text. " * 20})
        run_worker_once()
        run = IngestionRun.objects.get()
        page = client.get(run.get_absolute_url()).content.decode()
        assert "rien n'a été créé" in page and "ni en français ni en anglais" in page


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is ``lines`` (Helvetica, WinAnsi), as a word processor's."""
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    commands = ["BT", "/F1 10 Tf", "40 800 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append(f"({escaped}) Tj T*")
    commands.append("ET")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(commands).encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_editor_turns_a_pdf_article_into_published_records_with_their_excerpts(client, editor):
    """The issue's new user: upload an article as a PDF, follow the reading, accept three
    proposals, publish them and the source: the public pages show them with their words."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ecosystem.evidence import Document
    from ecosystem.models import Source
    from ingestion.models import IngestionRun

    article = text_pdf(
        [
            "La société Hydrolux SA a été fondée par Marie Dubreucq à Lessines.",
            "Hydrolux SA emploie 45 emplois et réunit 12 membres au sein du District Cleantech.",
            "Marie Dubreucq dirige aussi la recherche sur l'hydrogène vert en Wallonie.",
        ]
        * 2
    )
    upload = SimpleUploadedFile("hydrolux.pdf", article, "application/pdf")
    client.post(
        "/admin/ingestion/ingestionrun/add/",
        {"file": upload, "title": "Hydrolux s'installe à Lessines", "language": "fr"},
    )
    run = IngestionRun.objects.get()
    assert "<progress" in client.get(run.get_absolute_url()).content.decode()
    run_worker_once()
    run.refresh_from_db()
    assert run.status == "done", run.error
    accepted = []
    for kind, proposed, form in (
        ("new_organisation", {"name": "Hydrolux SA"}, {"value_kind": "company"}),
        ("new_person", {"name": "Marie Dubreucq"}, {}),
        ("figure", {"unit": "emplois"}, {"value_label": "Emplois chez Hydrolux"}),
    ):
        proposal = proposal_of(run, kind, **proposed)
        values = {f"value_{name}": value for name, value in proposal.proposed.items()}
        checks = {f"accept_{name}": "on" for name in proposal.proposed}
        response = client.post(
            proposal.get_review_url(), {"decision": "accept", **checks, **values, **form}
        )
        assert response.status_code == 302
        proposal.refresh_from_db()
        accepted.append(proposal.target)
    source = Source.objects.defer(None).get(pk=run.source_id)
    for record in [source, *accepted]:
        type(record).objects.filter(pk=record.pk).update(is_published=True)
    client.logout()
    for record in accepted:
        record.refresh_from_db()
        # What verify_evidence checks: the excerpt's words are the source's.
        assert all(Document(source.text).contains(e["text"]) for e in record.excerpts)
        page = client.get(record.get_absolute_url())
        assert page.status_code == 200
        assert record.excerpts[0]["text"][:40] in page.content.decode()


def test_a_document_read_before_is_not_proposed_twice():
    from ingestion import pipeline
    from ingestion.models import IngestionRun
    from proposals.models import Proposal

    first = pipeline.ingest(
        IngestionRun.objects.create(file_name="a.txt", document=NEW_NAMES.encode())
    )
    again = pipeline.ingest(
        IngestionRun.objects.create(file_name="b.txt", document=NEW_NAMES.encode())
    )
    assert (first.status, again.status) == ("done", "failed")
    assert f"déjà lu : c'est le texte de la source « {first.source.title} »" in again.error
    assert not Proposal.objects.filter(origin=again.origin).exists()
