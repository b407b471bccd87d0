"""What a page says of an op on a shared object: the success message when this node is the
object's home and applied it at once, or that the proposal is on its way to the home (the pages'
counterpart of ``api_results``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from strait.sharing.models import Proposal


def done(request: HttpRequest, result: Any, applied: str, pending: str = "") -> None:
    """``applied`` as a success, or ``pending`` (by default: sent to the home node) as news."""
    if isinstance(result, Proposal):
        messages.info(request, pending or _("Sent to the home node; shown once it confirms."))
    else:
        messages.success(request, applied)
