"""Evidence: every statement shows the words of the document it comes from.

Matching (ecosystem/evidence.py), the ``verify_evidence`` command on small
documents written here and on the five real ones, the fixtures' coverage, and
where a reader meets the evidence: detail pages, source pages, search, API,
exports, JSON-LD.

Over 450 lines because one feature is followed from the matching to every
place a reader meets it, on the same small documents written here.
"""

import hashlib
import html
import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from actors.models import Actor, Role
from clusters.models import Cluster, Membership
from ecosystem.core.models import validate_excerpts
from ecosystem.evidence import Document, comparable, excerpt_anchor, occurs_in, repair
from ecosystem.management.commands.verify_evidence import cited_models, quoting_models
from ecosystem.models import Concept, Source
from tests.test_open_data import body, export_csv, export_json

# The five documents the fixtures quote: beside the repository in CI, absent from a
# clone alone, where the tests that need them are skipped (the others write their own).
SEEDS = Path(settings.PORTAL_DOCUMENTS_DIR)
needs_the_five_documents = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"the five source documents are not in {SEEDS} (PORTAL_DOCUMENTS_DIR)",
)

pytestmark = pytest.mark.django_db


def document(text: str) -> str:
    return comparable(repair(text))


# --- Matching ---------------------------------------------------------------------------


class TestMatching:
    def test_whitespace_quotes_and_dashes_are_forgiven(self):
        text = document("Le “district”  rassemble\nplus de 80 membres – dont l’UMONS.")
        assert occurs_in("Le « district » rassemble plus de 80 membres - dont l'UMONS.", text)

    def test_glued_words_and_the_broken_encoding_of_document_001(self):
        text = document("mise en îuvredôunepolitique ®conomique ¨ froid, ƭΩŞƴŜǊƎƛŜΣ")
        assert occurs_in("mise en œuvre d'une politique économique à froid, l'énergie,", text)

    def test_a_circumflex_that_is_french_stays(self):
        assert occurs_in("pôles de compétitivité", document("les pôles de compétitivité"))

    def test_skipped_words_are_marked_and_kept_in_order(self):
        text = document("The cluster grows. It has, he said, the right ingredients.")
        assert occurs_in("The cluster grows. […] the right ingredients.", text)
        assert not occurs_in("the right ingredients. […] The cluster grows.", text)
        assert not occurs_in("The cluster grows the right ingredients.", text)

    def test_one_changed_word_is_not_found(self):
        text = document("Financement : max 400 000 €/an + contributions privées")
        assert occurs_in("max 400 000 €/an + contributions privées", text)
        assert not occurs_in("max 400 000 €/an par pôle", text)
        assert not occurs_in("[…]", text)

    def test_excerpts_have_one_shape(self):
        validate_excerpts([{"source": "doc", "text": "mots"}])
        for wrong in ({"source": "doc"}, [{"source": "doc"}], [{"source": "", "text": "x"}], ["x"]):
            with pytest.raises(ValidationError):
                validate_excerpts(wrong)


# --- The command ------------------------------------------------------------------------


def set_aside_the_fixtures_evidence():
    """Leave the small documents' records alone to check: the fixtures' excerpts and quotes
    need the five documents, which a clone of the repository alone does not have."""
    for model in cited_models():
        model._default_manager.update(excerpts=[], inference_fr="Mis de côté pour ce test.")
    for model in quoting_models():
        model._default_manager.all().delete()


@pytest.fixture
def library(tmp_path):
    """A small document of our own, cited by a small record, alone to verify."""
    set_aside_the_fixtures_evidence()
    (tmp_path / "petit.txt").write_text(
        "Le hub réunit des entreprises\net des universités autour du bois.", encoding="utf-8"
    )
    source = Source.objects.create(
        slug="petit-document", title="Petit document", file_name="petit.txt", is_published=True
    )
    actor = Actor.objects.create(slug="t-bois", name="Bois et Cie", is_published=True)
    actor.sources.add(source)
    actor.excerpts = [{"source": "petit-document", "text": "réunit des entreprises et des"}]
    actor.save()
    return tmp_path, actor


def verify(folder) -> tuple[bool, str]:
    """Run the command (on PORTAL_DOCUMENTS_DIR when ``folder`` is None); (passed, output)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_evidence", *([str(folder)] if folder else []), stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue()


class TestVerifyEvidence:
    def test_passes_when_every_excerpt_is_in_its_document(self, library):
        folder, _actor = library
        passed, output = verify(folder)
        assert passed, output
        assert "trouvés" in output

    def test_fails_naming_the_record_and_the_excerpt_when_a_document_changed(self, library):
        folder, _actor = library
        (folder / "petit.txt").write_text("Le hub réunit des sociétés et des universités.")
        passed, output = verify(folder)
        assert not passed
        assert "actors.actor t-bois: extrait absent de petit.txt" in output
        assert "« réunit des entreprises et des »" in output

    @needs_the_five_documents
    def test_fails_when_one_fixture_excerpt_was_altered_in_a_real_document(self, tmp_path):
        folder = tmp_path
        for path in SEEDS.glob("*.txt"):
            shutil.copy(path, folder / path.name)
        membership = Membership.objects.published().exclude(excerpts=[]).first()
        excerpt = membership.excerpts[0]
        path = folder / Source.objects.get(slug=excerpt["source"]).file_name
        words = excerpt["text"].split()
        # Change one word of the excerpt, wherever the document has it.
        original = path.read_text(encoding="utf-8")
        target = max(words, key=len)
        assert target in original, "the longest word of the excerpt is in the document"
        path.write_text(original.replace(target, target[::-1] + "x"), encoding="utf-8")
        passed, output = verify(folder)
        assert not passed
        assert f"clusters.membership {membership.actor.slug} / {membership.cluster.slug}" in output

    def test_an_excerpt_of_a_source_the_record_does_not_cite(self, library):
        folder, actor = library
        actor.excerpts = [{"source": "uwe-clustering-2014", "text": "clustering"}]
        actor.save()
        passed, output = verify(folder)
        assert not passed
        assert "t-bois: la fiche ne cite pas la source uwe-clustering-2014" in output

    def test_unknown_source_and_missing_file(self, library):
        folder, actor = library
        actor.excerpts = [{"source": "nulle-part", "text": "bois"}]
        actor.save()
        (folder / "petit.txt").unlink()
        passed, output = verify(folder)
        assert "t-bois: source inconnue « nulle-part »" in output
        actor.excerpts = [{"source": "petit-document", "text": "bois"}]
        actor.save()
        passed, output = verify(folder)
        assert not passed
        assert "t-bois: document introuvable : petit.txt" in output

    def test_a_public_record_without_evidence_fails_a_draft_does_not(self, library):
        folder, actor = library
        actor.excerpts = []
        actor.save()
        assert "t-bois: ni extrait ni déduction" in verify(folder)[1]
        actor.inference = "Déduit du nom."
        actor.save()
        assert verify(folder)[0]
        actor.inference = ""
        actor.is_published = False
        actor.save()
        assert verify(folder)[0]

    def test_a_folder_that_does_not_exist(self, tmp_path):
        with pytest.raises(CommandError, match="n'est pas un dossier"):
            call_command("verify_evidence", str(tmp_path / "absent"))


# --- The fixtures -----------------------------------------------------------------------


@needs_the_five_documents
def test_the_five_documents_support_every_excerpt_of_the_fixtures():
    passed, output = verify(SEEDS)
    assert passed, output


@needs_the_five_documents
def test_the_five_documents_kept_with_their_sources_support_the_fixtures_too(settings):
    """The texts ``store_documents`` keeps are checked like the folder, without it."""
    call_command("store_documents", str(SEEDS), stdout=StringIO())
    assert not Source.objects.defer(None).filter(text="").exists()
    settings.PORTAL_DOCUMENTS_DIR = SEEDS.parent / "absent"
    passed, output = verify(None)
    assert passed, output


def test_every_public_record_and_link_has_an_excerpt_or_is_an_inference():
    without = [
        f"{model._meta.label_lower} {record.pk} {record}"
        for model in cited_models()
        for record in model._default_manager.published()
        if not record.has_evidence
    ]
    assert without == []
    # Every inference says why, in both languages.
    for model in cited_models():
        inferred = model._default_manager.published().exclude(inference_fr="")
        for record in inferred.exclude(inference_fr__isnull=True):
            assert record.inference_en, f"{record} explains its inference in English too"


# --- Where a reader meets it ------------------------------------------------------------


def excerpt_on_page(page: str, words: str) -> bool:
    return html.escape(words, quote=False) in page or html.escape(words) in page


class TestPages:
    def test_a_hub_page_shows_the_evidence_of_each_membership_and_key_figure(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        page = client.get(hub.get_absolute_url()).content.decode()
        assert '<details class="evidence">' in page
        for membership in Membership.objects.published().filter(cluster=hub):
            for excerpt in membership.excerpts:
                assert excerpt_on_page(page, excerpt["text"]), excerpt
        for figure in hub.key_figures.published():
            for excerpt in figure.excerpts:
                assert excerpt_on_page(page, excerpt["text"]), excerpt

    def test_the_excerpt_links_to_its_source_page_and_an_inference_is_marked(self, client):
        membership = Membership.objects.published().exclude(excerpts=[]).first()
        membership.inference = "Déduit pour ce test."
        membership.inference_en = "Deduced for this test."
        membership.save()
        source = Source.objects.get(slug=membership.excerpts[0]["source"])
        page = client.get(membership.cluster.get_absolute_url()).content.decode()
        assert "Déduction de l'équipe</strong> — Déduit pour ce test." in page
        assert f'href="{source.get_absolute_url()}"' in page
        english = client.get("/en" + membership.cluster.get_absolute_url()).content.decode()
        assert "Deduced for this test." in english
        if source.language != "en":
            assert f'<q lang="{source.language}">' in english

    def test_a_role_on_a_person_page(self, client):
        role = Role.objects.published().exclude(excerpts=[]).select_related("person").first()
        page = client.get(role.person.get_absolute_url()).content.decode()
        assert excerpt_on_page(page, role.excerpts[0]["text"])

    def test_a_source_page_lists_what_the_portal_takes_from_it(self, client):
        source = Source.objects.get(slug="alliance-cleantech-wallonia-article")
        page = client.get(source.get_absolute_url()).content.decode()
        assert "Ce que le portail tire de ce document" in page
        assert source.file_name not in page
        membership = Membership.objects.published().filter(sources=source).exclude(excerpts=[])
        link = membership.first()
        assert "Appartenances à un cluster ou un hub" in page
        texts = [e["text"] for e in link.excerpts if e["source"] == source.slug]
        assert all(excerpt_on_page(page, text) for text in texts)
        for actor in Actor.objects.published().filter(sources=source):
            for text in actor.excerpts_from(source):
                assert excerpt_on_page(page, text), (actor, text)

    def test_an_untitled_document_says_so(self, client):
        source = Source.objects.published().first()
        source.untitled = True
        source.save()
        page = client.get(source.get_absolute_url()).content.decode()
        assert "Le document n'a pas de titre" in page

    def test_a_draft_source_s_excerpts_stay_hidden(self, client, library):
        _folder, actor = library
        Source.objects.filter(slug="petit-document").update(is_published=False)
        page = client.get(actor.get_absolute_url()).content.decode()
        assert "réunit des entreprises" not in page


def test_search_finds_a_record_by_the_words_of_its_excerpts(client, library):
    _folder, actor = library
    actor.excerpts = [{"source": "petit-document", "text": "autour du bois"}]
    actor.save()
    page = client.get(reverse("ecosystem:search"), {"q": "autour bois"}).content.decode()
    assert actor.get_absolute_url() in page


class TestOpenData:
    def test_the_api_gives_excerpts_and_inference_of_records_and_links(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        data = client.get(f"/api/clusters/{hub.slug}/").json()
        assert data["excerpts"] == hub.excerpts
        assert {"inference", "inference_en"} <= set(data)
        member = data["members"][0]
        assert member["excerpts"] and set(member["excerpts"][0]) == {"source", "text"}

    def test_exports_carry_the_excerpts(self, client):
        rows = export_json(client, "actor_list")["results"]
        assert all("excerpts" in row and "inference" in row for row in rows)
        assert any(row["excerpts"] for row in rows)
        csv_rows = export_csv(client, "actor_list")
        first = next(row for row in csv_rows if row["excerpts"])
        actor = Actor.objects.get(slug=first["slug"])
        assert first["excerpts"].startswith(f"{actor.excerpts[0]['source']}: ")

    def test_json_ld_names_the_documents_and_quotes_them(self, client):
        hub = Cluster.objects.get(slug="district-cleantech")
        page = client.get(hub.get_absolute_url()).content.decode()
        start = page.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = json.loads(page[start : page.index("</script>", start)])
        quotations = [item for item in data["subjectOf"] if item["@type"] == "Quotation"]
        assert [q["text"] for q in quotations] == [e["text"] for e in hub.excerpts]
        assert quotations[0]["isPartOf"]["@type"] == "CreativeWork"


def test_the_admin_form_edits_excerpts_and_inference(admin_client):
    actor = Actor.objects.published().first()
    page = body(admin_client.get(reverse("admin:actors_actor_change", args=[actor.pk])))
    assert 'name="excerpts"' in page
    assert 'name="inference_fr"' in page and 'name="inference_en"' in page


# --- A draft document's words show nowhere ------------------------------------------------

SECRET = "zanzibar confidentiel"


@pytest.fixture
def drafted():
    """A published actor quoting a published document and a draft one, with a membership
    quoting the draft too (issue 25, item 3)."""
    public = Source.objects.create(slug="t-doc-public", title="Public", is_published=True)
    draft = Source.objects.create(slug="t-doc-draft", title="Brouillon", is_published=False)
    actor = Actor.objects.create(slug="t-quoted", name="Acteur cité", is_published=True)
    actor.sources.set([public, draft])
    actor.excerpts = [
        {"source": public.slug, "text": "des mots publics"},
        {"source": draft.slug, "text": f"des mots {SECRET}"},
    ]
    actor.save()
    hub = Cluster.objects.get(slug="district-cleantech")
    Membership.objects.create(
        actor=actor, cluster=hub, excerpts=[{"source": draft.slug, "text": f"membre {SECRET}"}]
    )
    return actor, draft


def found_by_search(client, actor, words) -> bool:
    page = client.get(reverse("ecosystem:search"), {"q": words}).content.decode()
    return actor.get_absolute_url() in page


class TestDraftDocuments:
    def test_the_api_gives_only_the_published_document_s_words(self, client, drafted):
        actor, _draft = drafted
        for url in (f"/api/actors/{actor.slug}/", "/api/actors/?q=acteur", "/api/clusters/"):
            text = client.get(url).content.decode()
            assert SECRET not in text, url
        data = client.get(f"/api/actors/{actor.slug}/").json()
        assert data["excerpts"] == [{"source": "t-doc-public", "text": "des mots publics"}]
        hub = client.get("/api/clusters/district-cleantech/").content.decode()
        assert "Acteur cité" in hub and SECRET not in hub

    def test_exports_leave_them_out(self, client, drafted):
        actor, _draft = drafted
        for key in ("actor_list", "cluster_list"):
            for fmt in ("csv", "json"):
                assert SECRET not in body(client.get(reverse(f"exports:{key}_{fmt}"))), key
        row = next(
            r for r in export_json(client, "actor_list")["results"] if r["slug"] == actor.slug
        )
        assert row["excerpts"] == [{"source": "t-doc-public", "text": "des mots publics"}]

    def test_the_page_and_its_json_ld_leave_them_out(self, client, drafted):
        actor, _draft = drafted
        page = client.get(actor.get_absolute_url()).content.decode()
        assert "des mots publics" in page and SECRET not in page

    def test_search_does_not_find_them_until_the_document_is_published(self, client, drafted):
        actor, draft = drafted
        assert found_by_search(client, actor, "mots publics")
        assert not found_by_search(client, actor, SECRET)
        assert SECRET.split()[0] not in Actor.objects.get(pk=actor.pk).search_text
        draft.is_published = True
        draft.save()
        assert found_by_search(client, actor, SECRET)
        draft.is_published = False
        draft.save()
        assert not found_by_search(client, actor, SECRET)
        draft.delete()
        assert "mots publics" in Actor.objects.get(pk=actor.pk).search_text

    def test_a_record_saved_before_its_document_is_loaded_follows_it(self, client):
        """loaddata may bring a record before the document it quotes."""
        actor = Actor.objects.create(
            slug="t-early",
            name="Précoce",
            is_published=True,
            excerpts=[{"source": "t-doc-later", "text": f"tôt {SECRET}"}],
        )
        assert not found_by_search(client, actor, SECRET)
        Source.objects.create(slug="t-doc-later", title="Plus tard", is_published=True)
        assert found_by_search(client, actor, SECRET)


# --- A document kept with its source ------------------------------------------------------


@pytest.fixture
def kept(library):
    """The small document's text kept with its source; no file anywhere."""
    folder, actor = library
    (folder / "petit.txt").unlink()
    source = Source.objects.get(slug="petit-document")
    source.text = "Le hub réunit des entreprises\net des universités autour du bois. Il grandit."
    source.save()
    return folder, actor, source


class TestKeptDocuments:
    def test_an_excerpt_is_checked_against_the_text_the_source_keeps(self, kept):
        folder, _actor, source = kept
        assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()
        passed, output = verify(folder)
        assert passed, output

    def test_one_word_changed_in_the_excerpt_fails_naming_the_record(self, kept):
        folder, _actor, source = kept
        source.text = source.text.replace("entreprises", "sociétés")
        source.save()
        passed, output = verify(folder)
        assert not passed
        assert "t-bois: extrait absent de le texte de la source petit-document" in output

    def test_one_word_changed_behind_the_checksum_fails_naming_the_source(self, kept):
        folder, _actor, source = kept
        Source.objects.filter(pk=source.pk).update(text=source.text.replace("grandit", "naît"))
        passed, output = verify(folder)
        assert not passed
        assert "ecosystem.source petit-document: texte modifié" in output

    def test_store_documents_keeps_each_file_s_text_and_checksum(self, tmp_path, library):
        folder, _actor = library
        out = StringIO()
        call_command("store_documents", str(folder), stdout=out)
        source = Source.objects.defer(None).get(slug="petit-document")
        assert source.text.startswith("Le hub réunit") and len(source.text_sha256) == 64
        assert "1 document(s)" in out.getvalue()
        with pytest.raises(CommandError, match="n'est pas un dossier"):
            call_command("store_documents", str(tmp_path / "absent"))
        call_command("store_documents", str(tmp_path / "absent"), "--missing-ok", stdout=out)

    def test_the_text_never_reaches_the_public(self, client, kept):
        _folder, actor, source = kept
        pages = [source.get_absolute_url(), f"/api/actors/{actor.slug}/", "/sources/export.json"]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Il grandit" not in body(response), url


# --- From an excerpt to its place ---------------------------------------------------------


class TestExcerptPlace:
    def test_the_sentence_around_an_excerpt_with_its_own_words_marked(self):
        text = Document("Titre\nLe hub réunit des entreprises et des universités. Il grandit.")
        assert text.in_context("réunit des entreprises") == [
            ("Le hub ", False),
            ("réunit des entreprises", True),
            (" et des universités.", False),
        ]
        assert text.in_context("Le hub […] universités.") == [
            ("Le hub", True),
            (" réunit des entreprises et des ", False),
            ("universités.", True),
        ]
        assert text.in_context("absent") == []

    def test_each_excerpt_links_to_its_own_place_on_the_source_page(self, client, kept):
        _folder, actor, source = kept
        page = client.get(actor.get_absolute_url()).content.decode()
        anchor = excerpt_anchor(actor, "réunit des entreprises et des")
        assert f'href="{source.get_absolute_url()}#{anchor}"' in page
        source_page = client.get(source.get_absolute_url()).content.decode()
        place = source_page[source_page.index(f'id="{anchor}"') :]
        place = place[: place.index("</li>")]
        assert "<mark>réunit des entreprises et des</mark>" in place
        assert '<span class="context">Le hub </span>' in place

    def test_without_a_kept_text_the_excerpt_stands_alone_at_its_place(self, client, library):
        _folder, actor = library
        source = Source.objects.get(slug="petit-document")
        anchor = excerpt_anchor(actor, "réunit des entreprises et des")
        page = client.get(source.get_absolute_url()).content.decode()
        assert f'id="{anchor}"' in page and "<mark>" not in page
        source.url = "https://example.org/petit"
        source.save()
        page = client.get(source.get_absolute_url()).content.decode()
        assert 'href="https://example.org/petit"' in page


# --- The team's words never look like the document's --------------------------------------


def quoting_elements(page: str) -> list[str]:
    """The text of each <blockquote> and <q> of a page."""
    return re.findall(r"<(?:blockquote|q)\b[^>]*>(.*?)</(?:blockquote|q)>", page, re.DOTALL)


def test_a_definition_is_not_set_as_a_quotation(client):
    """Only excerpts and quotes are quoted: a concept's definition is the team's words."""
    for concept in Concept.objects.published():
        page = client.get(concept.get_absolute_url()).content.decode()
        definition = html.escape(concept.definition.splitlines()[0], quote=False)
        assert "Définition rédigée par l'équipe" in page, concept.slug
        assert not any(definition in quoted for quoted in quoting_elements(page)), concept.slug


def test_what_a_page_quotes_is_an_excerpt_or_a_quote(client):
    hub = Cluster.objects.get(slug="district-cleantech")
    page = client.get(hub.get_absolute_url()).content.decode()
    cited = [hub, *hub.memberships.all(), *hub.key_figures.all()]
    allowed = {excerpt["text"] for record in cited for excerpt in record.excerpts}
    quoted = [html.unescape(text) for text in quoting_elements(page) if "<p>" not in text]
    assert quoted and all(text in allowed for text in quoted), set(quoted) - allowed


# --- What the documents do not give is not shown ------------------------------------------


class TestUnknownAndDated:
    def test_an_unknown_status_shows_none_and_a_dated_one_says_its_year(self, client):
        actor = Actor.objects.create(
            slug="t-statut",
            name="Statut inconnu",
            kind="company",
            pillar="corporate",
            is_published=True,
        )
        kicker = re.compile(r'<p class="kicker">(.*?)</p>', re.DOTALL)
        page = client.get(actor.get_absolute_url()).content.decode()
        assert "en activité" not in kicker.search(page).group(1)
        actor.status, actor.status_year = Actor.Status.ACTIVE, 2014
        actor.save()
        page = client.get(actor.get_absolute_url()).content.decode()
        assert "en activité en 2014" in kicker.search(page).group(1)
        english = client.get("/en" + actor.get_absolute_url()).content.decode()
        assert "active in 2014" in kicker.search(english).group(1)

    def test_a_link_whose_role_the_documents_do_not_give_shows_no_role(self, client):
        membership = Membership.objects.published().select_related("actor", "cluster").first()
        membership.role = ""
        membership.save()
        page = client.get(membership.actor.get_absolute_url()).content.decode()
        assert "rôle non précisé" in page
        assert membership.relation == "rôle non précisé"
