"""A document's text out of its file: PDF (pypdf), HTML (trafilatura) or text.

Each refusal is a ``Refused`` with a message an editor can act on: nothing is read
from a file that is encrypted, empty, only scanned images, too large, not what its
extension says, in an unknown encoding, or in another language than French or English.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import ftfy
from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from ingestion.language import detect_language

MAX_BYTES = 20 * 1024 * 1024
# Fewer letters than this a page, on average, and a PDF is taken for scanned images.
MIN_LETTERS_PER_PAGE = 40
MIN_LETTERS = 80

KINDS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}


class Refused(Exception):
    """A document the portal cannot read, with the reason in the editor's words."""


@dataclass
class Extracted:
    text: str
    language: str
    title: str = ""
    publisher: str = ""
    date: date | None = None
    metadata: dict = field(default_factory=dict)


def kind_of(name: str) -> str:
    extension = PurePath(name or "").suffix.lower()
    if extension not in KINDS:
        raise Refused(
            _("Type de fichier non pris en charge (« %(extension)s ») : PDF, HTML ou texte.")
            % {"extension": extension or "?"}
        )
    return KINDS[extension]


def sniffed_kind(data: bytes) -> str:
    """What the bytes are, whatever the name says."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if re.match(rb"(?i)(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", head):
        return "html"
    if head[:4] in (b"PK\x03\x04", b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return "binary"
    if b"\x00" in data[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def extract(data: bytes, name: str) -> Extracted:
    """The text of the file ``name`` holding ``data``, repaired, its language checked."""
    if len(data) > MAX_BYTES:
        raise Refused(
            _("Le fichier pèse %(size)s Mo : la limite est de %(limit)s Mo.")
            % {"size": len(data) // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise Refused(_("Le fichier est vide."))
    expected, actual = kind_of(name), sniffed_kind(data)
    if actual != expected and not (expected == "text" and actual == "html"):
        raise Refused(
            _(
                "Le fichier n'est pas ce que dit son extension : "
                "un « %(actual)s » nommé « %(name)s »."
            )
            % {"actual": actual, "name": PurePath(name).name}
        )
    reader = {"pdf": _from_pdf, "html": _from_html, "text": _from_text}[expected]
    extracted = reader(data)
    extracted.text = repaired(extracted.text)
    if len(re.findall(r"\w", extracted.text)) < MIN_LETTERS:
        raise Refused(_("Le document ne contient pas de texte lisible."))
    extracted.language = detect_language(extracted.text)
    if extracted.language not in ("fr", "en"):
        raise Refused(
            _("Le document n'est ni en français ni en anglais : le portail ne sait pas le lire.")
        )
    return extracted


def from_pasted(text: str) -> Extracted:
    """Pasted text, checked like a text file."""
    return extract(text.encode("utf-8"), "texte-colle.txt")


def repaired(text: str) -> str:
    """Mojibake undone where ftfy recognises it; line endings and spaces made plain."""
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return re.sub(r"[ \t\f\v]+", " ", text).strip()


def _from_text(data: bytes) -> Extracted:
    try:
        return Extracted(text=data.decode("utf-8-sig"), language="")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise Refused(_("L'encodage du texte est inconnu : enregistrez-le en UTF-8 et réessayez."))
    return Extracted(text=str(best), language="")


def _from_html(data: bytes) -> Extracted:
    import trafilatura

    html = _from_text(data).text
    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=True, with_metadata=True
    )
    if document is None or not (document.text or "").strip():
        raise Refused(_("La page HTML ne contient pas de texte lisible."))
    return Extracted(
        text=document.text,
        language="",
        title=document.title or "",
        publisher=document.sitename or document.author or "",
        date=_parsed_date(document.date),
    )


def _from_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused(
                _(
                    "Le PDF est chiffré (protégé par un mot de passe) : envoyez une copie sans "
                    "protection."
                )
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise Refused(_("Le PDF est illisible : %(error)s") % {"error": error}) from error
    text = "\n\n".join(pages)
    letters = len(re.findall(r"\w", text))
    if pages and letters < MIN_LETTERS_PER_PAGE * len(pages) and letters < 2000:
        raise Refused(
            _(
                "Le PDF ne contient que des images (une numérisation ?) : aucun texte à lire. "
                "Passez-le d'abord dans un logiciel de reconnaissance de caractères."
            )
        )
    info = reader.metadata or {}
    return Extracted(
        text=text,
        language="",
        title=str(info.get("/Title") or ""),
        publisher=str(info.get("/Author") or ""),
        date=_pdf_date(info.get("/CreationDate")),
    )


def _parsed_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _pdf_date(value) -> date | None:
    match = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(value or ""))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
