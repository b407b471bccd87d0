"""The audit viewer: a data-protection officer reads their agency's entries, a node auditor the
whole node's (``queries.readable_by``); every look at the log is itself logged."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from strait.audit import chain, queries, targets
from strait.audit.actions import do_consult_entry, do_consult_log, do_verify_chain
from strait.audit.forms import AuditFilterForm
from strait.permissions import Permission, requires

PAGE_SIZE = 50

# What each kind of break means, in words a DPO can act on (chain.ChainBreak.kind).
BREAK_MEANINGS = {
    "missing": _("An entry is missing: it was deleted."),
    "reordered": _("Entries are duplicated or out of order."),
    "unlinked": _(
        "This entry does not link to the one before it: entries were inserted, removed or swapped."
    ),
    "altered": _("This entry was changed after it was written."),
    "truncated": _("The log ends before its recorded last entry: its tail was removed."),
    "extended": _("Entries were added after the recorded last entry, outside the application."),
}


def requested_page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@requires(Permission.AUDIT_READ)
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET, agencies=queries.audited_agencies_for(request.user))
    valid = form.is_valid()
    if valid:
        details = {"filters": form.filters().as_details(), "page": requested_page(request)}
    else:
        # Nothing is shown, but the attempt is still a look at the log.
        details = {"filters": {}, "rejected": sorted(form.errors)}
    # Logged before the entries are counted and drawn: a read that is not recorded must not
    # happen, and the page then includes the reader's own entry.
    do_consult_log(acting_user=request.user, details=details, request=request)
    page = None
    if valid:
        paginator = Paginator(queries.audit_entries_for(request.user, form.filters()), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    rows = targets.rows_for(list(page.object_list), request.user) if page is not None else []
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})


@requires(Permission.AUDIT_READ)
@require_GET
def entry(request: HttpRequest, seq: int) -> HttpResponse:
    found = queries.audit_entry_for(request.user, seq)
    if found is None:
        raise Http404
    do_consult_entry(acting_user=request.user, seq=seq, request=request)
    intact = chain.compute_hash(found.prev_hash, chain.entry_payload(found)) == found.entry_hash
    details = json.dumps(found.details, indent=2, sort_keys=True, ensure_ascii=False)
    return render(
        request,
        "audit/entry.html",
        {"entry": found, "details_json": details, "hash_matches": intact},
    )


@requires(Permission.AUDIT_READ)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    result = do_verify_chain(acting_user=request.user, request=request)
    meaning = BREAK_MEANINGS.get(result.first_break.kind) if result.first_break else None
    return render(request, "audit/verify.html", {"result": result, "meaning": meaning})
