"""HTTP faces of federation: the node-to-node endpoints under /federation/v1/ (authenticated by
envelope signatures, not sessions) and the peers page for node administrators."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.audit.log import client_ip
from strait.federation import actions, inbox, peering, queries, throttle
from strait.federation.envelope import Refusal
from strait.federation.forms import NoticeForm
from strait.federation.notices import do_send_notice
from strait.permissions import Permission, requires, signed_by_peer


def _error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail, "results": []}, status=status)


def _limited(wait: int) -> JsonResponse:
    detail = f"too many refused requests from this address; retry in {wait} s"
    response = _error(429, Refusal.RATE_LIMITED.code, detail)
    response["Retry-After"] = str(wait)
    return response


@signed_by_peer
@require_GET
def node_document(request: HttpRequest) -> JsonResponse:
    return JsonResponse(peering.node_document())


@signed_by_peer
@csrf_exempt  # no cookies here: every envelope carries its own signature
@require_http_methods(["POST"])
def inbox_endpoint(request: HttpRequest) -> JsonResponse:
    """Apply a batch in order; stop at the first envelope that is not applied."""
    source = client_ip(request) or ""
    wait = throttle.source_wait(source)
    if wait:
        return _limited(wait)
    if request.content_type != "application/json":
        inbox.refuse_batch(source)
        return _error(415, "unsupported_media_type", "send application/json")
    try:
        envelopes = inbox.parse_batch(request.read(inbox.MAX_BATCH_BYTES + 1))
    except inbox.BatchRefused as refused:
        inbox.refuse_batch(source)
        return _error(refused.status, refused.code, refused.detail)
    outcomes = inbox.receive_batch(envelopes, source=source)
    last = outcomes[-1] if outcomes else None
    refusal = last.refusal if last else None
    response = JsonResponse(
        {"results": [o.as_json() for o in outcomes]}, status=refusal.status if refusal else 200
    )
    if last is not None and last.retry_after:
        response["Retry-After"] = str(last.retry_after)
    return response


@requires(Permission.PEERS_MANAGE)
@require_GET
def peer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "federation/peer_list.html",
        {"peers": queries.peer_states(), "identity": queries.own_identity()},
    )


@requires(Permission.PEERS_MANAGE)
@require_http_methods(["GET", "POST"])
def peer_detail(request: HttpRequest, code: str) -> HttpResponse:
    peer = get_object_or_404(queries.peers_visible_to(request.user), code=code)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_send_notice(peer, form.cleaned_data["text"], acting_user=request.user)
        messages.success(request, _("Notice queued for %(peer)s.") % {"peer": peer.code})
        return redirect("federation:peer", code=peer.code)
    return render(
        request,
        "federation/peer_detail.html",
        {"peer": queries.peer_state(peer), "form": form, "notices": queries.notices(peer)},
    )


@requires(Permission.PEERS_MANAGE)
@require_POST
def peer_retry(request: HttpRequest, code: str) -> HttpResponse:
    """Try now instead of waiting out the back-off (after the operator fixed something)."""
    peer = get_object_or_404(queries.peers_visible_to(request.user), code=code)
    actions.retry_delivery(peer, acting_user=request.user, request=request)
    messages.info(request, _("Delivery to %(peer)s will be tried now.") % {"peer": peer.code})
    return redirect("federation:peer", code=peer.code)
