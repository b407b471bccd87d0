"""The transit report as a PDF in Arabic, Spanish or French (``strait.pdf``): the season against
the plan and earlier years, the phases, the ports, the peak days, the daily bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait import pdf
from strait.transit import charts, codes, queries
from strait.transit.models import Operation

if TYPE_CHECKING:
    from strait.accounts.models import User


def render_html(user: User, op: Operation, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        board = queries.dashboard(user, op)
        context = {
            "op": op,
            "board": board,
            "bars": charts.bars(board),
            "phase_labels": dict(codes.Phase.choices),
        }
        return pdf.render_html("transit/report_pdf.html", context, language)


def render_pdf(user: User, op: Operation, language: str) -> bytes:
    return pdf.html_to_pdf(render_html(user, op, language))
