"""PDF documents of governance (the committee report, the joint statement): the project's
renderer (``strait.pdf``); the templates extend ``governance/pdf_base.html``."""

from strait.pdf import RTL_LANGUAGES, Attachment, font_context, html_to_pdf, render, render_html

__all__ = [
    "RTL_LANGUAGES",
    "Attachment",
    "font_context",
    "html_to_pdf",
    "render",
    "render_html",
]
