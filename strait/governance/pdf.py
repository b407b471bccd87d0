"""PDF documents of governance (the committee report, the joint statement): an HTML template
rendered by Django, laid out by WeasyPrint.

The template extends ``governance/pdf_base.html``, which embeds the shipped Arabic font (Noto
Naskh Arabic, the same files the pages use) through ``@font-face`` with a ``file://`` URL and sets
``lang`` and ``dir`` from the language (Arabic right to left). Charts are inline SVG drawn in the
template (``charts.py``), so nothing is fetched: WeasyPrint's fetcher here reads only the font
files and ``data:`` URIs, whatever a text says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FONTS = Path(__file__).resolve().parent.parent / "web" / "static" / "strait" / "fonts"
ARABIC_FONT = {
    400: FONTS / "noto-naskh-arabic-arabic-400-normal.woff2",
    700: FONTS / "noto-naskh-arabic-arabic-700-normal.woff2",
}
RTL_LANGUAGES = ("ar",)


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF (the joint statement's JSON, for one)."""

    filename: str
    data: bytes
    description: str = ""


def _fetcher() -> Any:
    """WeasyPrint's URL fetcher, limited to the font files and ``data:`` URIs: a document never
    reaches the network, nor the disk beyond them, whatever a text says."""
    from weasyprint.urls import URLFetcher

    allowed = {path.as_uri() for path in ARABIC_FONT.values()}

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") or url in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]}")

    return FontsOnly(allowed_protocols=("file", "data"))


def font_context() -> dict[str, Any]:
    """What ``pdf_base.html`` needs: the font files' URLs."""
    return {
        "arabic_font_400": ARABIC_FONT[400].as_uri(),
        "arabic_font_700": ARABIC_FONT[700].as_uri(),
    }


def render_html(template: str, context: Mapping[str, Any], language: str) -> str:
    """The document's HTML, in ``language`` (its strings, dates and direction)."""
    with translation.override(language):
        return render_to_string(
            template,
            {
                **font_context(),
                "language": language,
                "direction": "rtl" if language in RTL_LANGUAGES else "ltr",
                **context,
            },
        )


def html_to_pdf(html: str, attachments: Sequence[Attachment] = ()) -> bytes:
    import weasyprint  # a heavy import: only when a PDF is made
    from weasyprint import Attachment as WeasyAttachment

    files = [
        WeasyAttachment(string=a.data, name=a.filename, description=a.description or None)
        for a in attachments
    ]
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(), base_url=FONTS.as_uri() + "/")
    return bytes(document.write_pdf(attachments=files or None))


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    language: str,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """A PDF of ``template`` (extending ``governance/pdf_base.html``) with ``context``, in
    ``language``, with ``attachments`` embedded."""
    return html_to_pdf(render_html(template, context, language), attachments)
