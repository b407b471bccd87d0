"""PDF documents (governance's committee report and joint statement, the transit report, an
event's after-action report): an HTML template rendered by Django, laid out by WeasyPrint.

Each app's template carries its own layout; its base (``governance/pdf_base.html`` for one)
embeds the shipped Arabic font (Noto
Naskh Arabic, the same files the pages use, given to ``@font-face`` as TrueType ``data:`` URIs)
and sets ``lang`` and ``dir`` from the language (Arabic right to left). Charts are inline SVG drawn
in the template (``charts.py``), so nothing is fetched: WeasyPrint's fetcher here reads only
``data:`` URIs, whatever a text says.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

FONTS = Path(__file__).resolve().parent / "web" / "static" / "strait" / "fonts"
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
    """WeasyPrint's URL fetcher, limited to ``data:`` URIs (the fonts are given so): a document
    never reaches the network nor the disk, whatever a text says."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]}")

    return DataOnly(allowed_protocols=("data",))


@functools.cache
def _font_uri(weight: int) -> str:
    """The shipped font (woff2) as a TrueType ``data:`` URI, decompressed once per process:
    WeasyPrint would otherwise decompress the woff2 again for every document, about a second of
    each report."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(ARABIC_FONT[weight]))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return "data:font/ttf;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def font_context() -> dict[str, Any]:
    """What ``pdf_base.html`` needs: the Arabic font, regular and bold."""
    return {"arabic_font_400": _font_uri(400), "arabic_font_700": _font_uri(700)}


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
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher())
    return bytes(document.write_pdf(attachments=files or None))


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    language: str,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """A PDF of ``template`` (its base embedding ``arabic_font_400``/``700``) with ``context``, in
    ``language``, with ``attachments`` embedded."""
    return html_to_pdf(render_html(template, context, language), attachments)
