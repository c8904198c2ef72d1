"""One English term for each thing: the terms docs/glossary.md rules out appear nowhere in
the English content (every ``*_en`` field of fixtures/) or interface (the English catalogue),
outside quotations.

The ruled-out terms and the names kept as the documents write them are read from the
glossary itself, so that the document and the test cannot drift apart. The documents' own
words are never checked: excerpts, a quote's text (and its ``text_en`` when the document is
in English), an English document's title, and words set in quotation marks.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
FIXTURES = ROOT / "fixtures"
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

RULED_OUT_HEADING = "Ruled out"
KEPT_NAMES_HEADING = "Names kept as the documents write them"

# Words in quotation marks: the document's words, or a translation of them. A closing ’
# followed by a letter is an apostrophe (‘Wallonia’s IIS WASABI 2.0’), not the quote's end.
QUOTATIONS = [
    re.compile(r"“[^“”]*”"),
    re.compile(r"«[^«»]*»"),
    re.compile(r'"[^"]*"'),
    re.compile(r"‘[^‘]*?’(?![^\W\d_])"),
]


# --- Reading the glossary ---------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The body of the ``## heading`` section of a Markdown text."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/glossary.md has no « ## {heading} » section"
    return match.group(1)


def first_column_terms(text: str, heading: str) -> list[str]:
    """The `terms` of the first column of the section's table."""
    terms = []
    for line in section(text, heading).splitlines():
        cells = line.strip().strip("|").split("|")
        if line.lstrip().startswith("|") and cells:
            terms += re.findall(r"`([^`]+)`", cells[0])
    return terms


def glossary() -> tuple[list[str], list[str]]:
    text = GLOSSARY.read_text(encoding="utf-8")
    return first_column_terms(text, RULED_OUT_HEADING), first_column_terms(text, KEPT_NAMES_HEADING)


def term_pattern(term: str) -> re.Pattern:
    """The term as a whole word or phrase, any case and spacing, singular or plural."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", re.I)


# --- Reading the English ----------------------------------------------------------------


def record_name(record: dict) -> str:
    fields = record["fields"]
    if "slug" in fields:
        key = fields["slug"]
    else:
        ends = [
            fields[name] for name in ("person", "project", "actor", "cluster") if name in fields
        ]
        key = " / ".join("/".join(end) if isinstance(end, list) else str(end) for end in ends)
    return f"{record['model']} {key}"


def documents_words(record: dict, field: str, languages: dict[str, str]) -> bool:
    """True for an English field that holds an English document's own words."""
    fields = record["fields"]
    if record["model"] == "actors.quote" and field == "text_en":
        source = fields["source"]
        source = source[0] if isinstance(source, list) else source
        return languages.get(source) == "en"  # the words said, as the document prints them
    if record["model"] == "ecosystem.source" and field == "title_en":
        return fields.get("language") == "en"  # the document's own title
    return False


def content_strings():
    """(place, text) of every English field of the fixtures the team wrote."""
    records = {
        path: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("*.json"))
    }
    languages = {
        record["fields"]["slug"]: record["fields"].get("language", "fr")
        for path_records in records.values()
        for record in path_records
        if record["model"] == "ecosystem.source"
    }
    for path, path_records in records.items():
        for record in path_records:
            for field, value in record["fields"].items():
                if not field.endswith("_en") or not isinstance(value, str) or not value:
                    continue
                if not documents_words(record, field, languages):
                    yield f"{path.name} {record_name(record)} {field}", value


def po_unquote(quoted: str) -> str:
    """A catalogue string's text: its escapes (\\n, \\", \\\\) are JSON's."""
    return json.loads(quoted)


def catalogue_strings(text: str):
    """(place, msgstr) of every translation of a gettext catalogue, obsolete ones left out."""
    entries, entry, field = [], {}, None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comments, references, flags and obsolete entries (#~)
        if line.startswith('"'):
            entry[field].append(po_unquote(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and any(name.startswith("msgstr") for name in entry):
            entries.append(entry)
            entry = {}
        field = keyword
        entry[field] = [po_unquote(rest)]
    entries.append(entry)
    for entry in entries:
        source = "".join(entry.get("msgid", []))
        if not source:
            continue  # the catalogue's header
        for name, parts in entry.items():
            if name.startswith("msgstr") and "".join(parts):
                yield f"django.po msgid {source[:60]!r} {name}", "".join(parts)


def english_strings():
    yield from content_strings()
    yield from catalogue_strings(CATALOGUE.read_text(encoding="utf-8"))


def outside_quotations(text: str, kept_names: list[str]) -> str:
    for name in kept_names:
        text = term_pattern(name).sub(" ", text)
    for quotation in QUOTATIONS:
        text = quotation.sub(" ", text)
    return text


def ruled_out_uses(strings, ruled_out: list[str], kept_names: list[str]) -> list[str]:
    """« place: 'term' » for each ruled-out term used outside a quotation."""
    patterns = [(term, term_pattern(term)) for term in ruled_out]
    uses = []
    for place, text in strings:
        own_words = outside_quotations(text, kept_names)
        for term, pattern in patterns:
            if pattern.search(own_words):
                uses.append(f"{place}: {term!r}")
    return uses


# --- Tests ------------------------------------------------------------------------------


def test_the_glossary_rules_terms_out_and_keeps_the_documents_names():
    ruled_out, kept_names = glossary()
    assert "competitiveness cluster" in ruled_out
    assert "competitive cluster" in ruled_out
    assert "Walloon Competitive Clusters Network" in kept_names


def test_the_english_content_and_interface_use_no_ruled_out_term():
    ruled_out, kept_names = glossary()
    strings = list(english_strings())
    assert len(strings) > 1000, "the fixtures and the catalogue are read"
    uses = ruled_out_uses(strings, ruled_out, kept_names)
    assert not uses, "Terms docs/glossary.md rules out, outside quotations:\n" + "\n".join(uses)


class TestTheCheck:
    """The check itself: it finds a planted term, and leaves quotations and kept names alone."""

    ruled_out = ["competitiveness cluster", "legibility", "there are plans to"]
    kept = ["Walloon Competitive Clusters Network"]

    def uses(self, text: str) -> list[str]:
        return ruled_out_uses(
            [("fixtures/x.json ecosystem.policy p description_en", text)], self.ruled_out, self.kept
        )

    @pytest.mark.parametrize(
        "text",
        [
            "One of Wallonia’s six competitiveness clusters.",
            "A Competitiveness   Cluster policy.",
            "for the region, a question of legibility.",
            "In the heart of Hainaut, there are plans to deploy it.",
            "Wallonia’s ‘key’ competitiveness cluster, and “its” words.",
        ],
    )
    def test_a_planted_term_fails_naming_the_record_and_field(self, text):
        found = self.uses(text)
        assert found and found[0].startswith("fixtures/x.json ecosystem.policy p description_en: ")

    @pytest.mark.parametrize(
        "text",
        [
            "The report calls them “competitive clusters”, not “competitiveness clusters”.",
            "Its words: ‘a question of legibility and credibility’.",
            "Doc 002: « competitiveness cluster ».",
            'Quoted: "there are plans to deploy".',
            "‘Wallonia’s competitiveness cluster policy’ is quoted.",
            "Coordinator of the Walloon Competitive Clusters Network.",
            "A competitiveness pole; clusters of competitiveness; pre-legibility-check.",
        ],
    )
    def test_quotations_kept_names_and_other_words_pass(self, text):
        assert self.uses(text) == []

    def test_the_catalogue_is_read_entry_by_entry(self):
        catalogue = (
            'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
            '#: a.py:1\nmsgid "pôle de compétitivité"\nmsgstr "competitiveness cluster"\n\n'
            'msgid "%(n)s pôle"\nmsgid_plural "%(n)s pôles"\nmsgstr[0] "%(n)s pole"\n'
            'msgstr[1] ""\n"%(n)s competitiveness "\n"clusters"\n\n'
            '#~ msgid "ancien"\n#~ msgstr "competitiveness cluster"\n'
        )
        uses = ruled_out_uses(catalogue_strings(catalogue), self.ruled_out, self.kept)
        assert uses == [
            "django.po msgid 'pôle de compétitivité' msgstr: 'competitiveness cluster'",
            "django.po msgid '%(n)s pôle' msgstr[1]: 'competitiveness cluster'",
        ]

    def test_a_term_added_to_the_glossary_is_enforced(self, tmp_path):
        text = GLOSSARY.read_text(encoding="utf-8").replace(
            "| `legibility` |", "| `Marshall Plan` |\n| `legibility` |"
        )
        ruled_out = first_column_terms(text, RULED_OUT_HEADING)
        assert "Marshall Plan" in ruled_out
        assert ruled_out_uses(english_strings(), ruled_out, glossary()[1])
