"""Pages of the exchange. Thin: forms check shape, ``actions``/``onward`` decide and write,
``queries`` read what the user may see; anything else answers 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.accounts.models import User
from strait.exchange import about, actions, codes, defaults, onward, policy, queries, searching
from strait.exchange.drafts import Draft
from strait.exchange.forms import (
    ComposeForm,
    ConsentAnswerForm,
    ConsentRequestForm,
    CorrectionForm,
    ForwardForm,
    ReplyForm,
    SearchForm,
    uploads,
)
from strait.exchange.models import Message
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal

# Attachments are limited per file; this bounds a whole request before it is read.
MAX_REQUEST_BYTES = 30 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _message_or_404(request: HttpRequest, uid: uuid.UUID) -> Message:
    message = queries.message(_user(request), uid)
    if message is None:
        raise Http404
    return message


def _too_large(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES
    except ValueError:
        return True


@requires(Permission.MESSAGES_READ)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    before = parse_datetime(request.GET.get("before", "") or "")
    rows = queries.inbox(_user(request), before)
    return render(
        request,
        "exchange/inbox.html",
        {
            "rows": rows,
            "next_before": rows[-1].created_at.isoformat() if len(rows) == queries.PAGE else "",
            "now": dt.datetime.now(dt.UTC),
        },
    )


@requires(Permission.MESSAGES_READ)
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    before = parse_datetime(request.GET.get("before", "") or "")
    rows = queries.sent(_user(request), before)
    return render(
        request,
        "exchange/sent.html",
        {
            "rows": rows,
            "next_before": rows[-1].created_at.isoformat() if len(rows) == queries.PAGE else "",
            "now": dt.datetime.now(dt.UTC),
        },
    )


def _thread_context(request: HttpRequest, items: list[Message], **forms: Any) -> dict[str, Any]:
    user = _user(request)
    own = user.agency_id
    consents = queries.consents_on(user, items)
    refused = queries.refused_by_partners(user, items)
    rows: list[dict[str, Any]] = []
    for m in items:
        received = policy.received_by(m, own)
        rows.append(
            {
                "m": m,
                "received": received,
                "can_answer": policy.can_reply(user, m, received=received),
                "can_correct": policy.can_correct(user, m),
                "can_pass_on": policy.can_pass_on(user, m, received=received),
                "consent": consents.get(m.pk),
                "refused": refused.get(str(m.uid), ""),
                "overdue": m.is_overdue(),
            }
        )
    answerable = [row["m"] for row in rows if row["can_answer"]]
    # The reply form answers the latest item the user's agency may answer, with its markings.
    target_item = answerable[-1] if answerable else items[-1]
    return {
        "items": rows,
        "root": items[0],
        "answer_target": answerable[-1].pk if answerable else None,
        "state": queries.thread_state(items[0].thread_uid),
        "can_close": policy.can_close(user, items),
        "reply_form": forms.get("reply_form")
        or ReplyForm(
            initial={
                "language": user.language or "en",
                "handling": target_item.handling,
                "handling_conditions": target_item.handling_conditions,
                "tlp": target_item.tlp,
            }
        ),
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "consent_form": forms.get("consent_form") or ConsentRequestForm(),
        "target": forms.get("target"),
        # _deadline.html compares with it: without it an overdue request showed as due.
        "now": dt.datetime.now(dt.UTC),
    }


@requires(Permission.MESSAGES_READ)
@require_GET
def thread(request: HttpRequest, thread_uid: uuid.UUID) -> HttpResponse:
    items = queries.thread(_user(request), thread_uid)
    if not items:
        raise Http404
    actions.mark_read(items, acting_user=_user(request), request=request)
    return render(request, "exchange/thread.html", _thread_context(request, items))


def _rerender(request: HttpRequest, message: Message, status: int, **forms: Any) -> HttpResponse:
    items = queries.thread(_user(request), message.thread_uid)
    context = _thread_context(request, items, target=message.pk, **forms)
    return render(request, "exchange/thread.html", context, status=status)


@requires(Permission.MESSAGES_SEND)
@require_POST
def reply(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    if _too_large(request):
        return HttpResponse(_("The request is too large."), status=413, content_type="text/plain")
    original = _message_or_404(request, uid)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            draft = defaults.reply(
                original,
                kind=data["kind"],
                body=data["body"],
                language=data["language"],
                handling=data["handling"],
                handling_conditions=data["handling_conditions"],
                tlp=data["tlp"],
                source_reliability=data["source_reliability"],
                information_credibility=data["information_credibility"],
                uploads=uploads(data["attachments"]),
            )
            actions.reply(original, draft, acting_user=_user(request), request=request)
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your answer is on its way."))
            return redirect("exchange:thread", thread_uid=original.thread_uid)
    return _rerender(request, original, 400, reply_form=form)


@requires(Permission.MESSAGES_SEND)
@require_POST
def close_thread(request: HttpRequest, thread_uid: uuid.UUID) -> HttpResponse:
    """Close the thread, or reopen it (``reopen`` in the form)."""
    items = queries.thread(_user(request), thread_uid)
    if not items:
        raise Http404
    closing = "reopen" not in request.POST
    try:
        actions.set_thread_closed(items, closing, acting_user=_user(request), request=request)
    except Refused as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request, _("The thread is closed.") if closing else _("The thread is open again.")
        )
    return redirect("exchange:thread", thread_uid=thread_uid)


@requires(Permission.MESSAGES_SEND)
@require_POST
def correct(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    original = _message_or_404(request, uid)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            onward_kind = form.cleaned_data["kind"]
            actions.correct(
                original,
                onward_kind,
                form.cleaned_data["text"],
                acting_user=_user(request),
                request=request,
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The notice goes to every recipient of the item."))
            return redirect("exchange:thread", thread_uid=original.thread_uid)
    return _rerender(request, original, 400, correction_form=form)


@requires(Permission.MESSAGES_SEND)
@require_POST
def consent_request(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    message = _message_or_404(request, uid)
    form = ConsentRequestForm(request.POST)
    if form.is_valid():
        try:
            onward.request_consent(
                message,
                purpose=form.cleaned_data["purpose"],
                third_party=form.cleaned_data["third_party"],
                reason=form.cleaned_data["reason"],
                acting_user=_user(request),
                request=request,
            )
        except Refused as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Consent requested from the originator."))
            return redirect("exchange:thread", thread_uid=message.thread_uid)
    return _rerender(request, message, 400, consent_form=form)


@requires(Permission.MESSAGES_READ)
@require_GET
def consents(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "exchange/consents.html",
        {
            "to_answer": queries.consents_to_answer(user),
            "asked": queries.consents_asked(user)[:100],
            "form": ConsentAnswerForm(),
        },
    )


@requires(Permission.CONSENT_ANSWER)
@require_POST
def consent_answer(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    consent = queries.consents_to_answer(_user(request)).filter(uid=uid).first()
    if consent is None:
        raise Http404
    form = ConsentAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose grant or refuse."))
        return redirect("exchange:consents")
    try:
        onward.answer_consent(
            consent,
            granted=form.cleaned_data["decision"] == "grant",
            note=form.cleaned_data["note"],
            acting_user=_user(request),
            request=request,
        )
    except Refused as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Your answer is recorded and sent."))
    return redirect("exchange:consents")


@requires(Permission.MESSAGES_SEND)
@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    message = _message_or_404(request, uid)
    user = _user(request)
    form = ForwardForm(
        request.POST or None,
        channels=queries.channels_for(user),
        sender=user.agency,
        initial={"handling": message.handling},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                onward.forward(
                    message,
                    channel=form.cleaned_data["channel"],
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                    handling=form.cleaned_data["handling"],
                    acting_user=user,
                    request=request,
                )
            except Refused as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The item has been passed on."))
                return redirect("exchange:thread", thread_uid=message.thread_uid)
    return render(request, "exchange/forward.html", {"m": message, "form": form}, status=status)


@requires(Permission.MESSAGES_EXPORT)
@require_GET
def export(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    message = _message_or_404(request, uid)
    try:
        text = onward.export(message, acting_user=_user(request), request=request)
    except Refused as exc:
        show_refusal(request, exc)
        return redirect("exchange:thread", thread_uid=message.thread_uid)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="strait-{message.uid}.txt"'
    return response


@requires(Permission.MESSAGES_READ)
@require_GET
def attachment(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    found = queries.attachment(_user(request), uid)
    if found is None:
        raise Http404
    try:
        data = actions.download_attachment(found, acting_user=_user(request), request=request)
    except Refused as exc:
        show_refusal(request, exc)
        return redirect("exchange:thread", thread_uid=found.message.thread_uid)
    response = HttpResponse(data, content_type=found.content_type)
    # Always a download, never rendered in the page (IO-03).
    response["Content-Disposition"] = f'attachment; filename="{found.uid}{_suffix(found.filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    suffix = filename[dot:] if dot >= 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


@requires(Permission.MESSAGES_SEND)
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST" and _too_large(request):
        return HttpResponse(_("The request is too large."), status=413, content_type="text/plain")
    channels = queries.channels_for(user)
    initial: dict[str, Any] = {"language": user.language or "en"}
    if "channel" in request.GET:
        chosen = next((c for c in channels if c.code == request.GET["channel"]), None)
        if chosen is not None:
            initial["channel"] = chosen.pk
    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        channels=channels,
        sender=user.agency,
        initial=initial,
    )
    duplicates: list[Message] = []
    status = 200
    # Files kept from an earlier submission the page sent back (issue 12).
    held = actions.held_uploads(request.POST.getlist("held"), acting_user=user)
    if request.method == "POST":
        status = 400
        valid = form.is_valid()
        # An empty POST leaves the form unbound, with nothing cleaned.
        fresh = uploads(form.cleaned_data.get("attachments") or []) if form.is_bound else []
        if valid:
            data = form.cleaned_data
            duplicates = _duplicates(user, form, data)
            if duplicates and not data["send_anyway"]:
                form.add_error(
                    None, _("A request about the same subject is already open on another channel.")
                )
            else:
                try:
                    draft = Draft(
                        channel=data["channel"],
                        kind=data["kind"],
                        recipients=list(data["recipients"]),
                        subject=data["subject"],
                        body=data["body"],
                        language=data["language"],
                        crime_area=data["crime_area"],
                        urgency=data["urgency"],
                        markings=form.markings(),
                        about=form.about(),
                        uploads=[h.upload for h in held] + fresh,
                    )
                    message = actions.send_message(draft, acting_user=user, request=request)
                except Refused as exc:
                    show_refusal(request, exc, form)
                else:
                    actions.drop_held_uploads(held, acting_user=user)
                    messages.success(request, _("Your message is on its way."))
                    return redirect("exchange:thread", thread_uid=message.thread_uid)
        # Sent back with errors: the new files are kept too, so none has to be picked again.
        held += actions.hold_uploads(fresh, acting_user=user)
    return render(
        request,
        "exchange/compose.html",
        {"form": form, "duplicates": duplicates, "channels": channels, "held": held},
        status=status,
    )


def _duplicates(user: User, form: ComposeForm, data: dict[str, Any]) -> list[Message]:
    if data["kind"] != codes.MessageKind.REQUEST:
        return []
    keys = []
    for kind, value in form.about():
        try:
            keys.append((kind, value, about.key(kind, value, user.agency.country.code)))
        except (about.InvalidAbout, ValueError):
            continue  # the action refuses it with a clear reason
    found = queries.open_requests_about(user, keys)
    return list(found.exclude(channel=data["channel"])[:10])


@requires(Permission.MESSAGES_READ)
@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    channels = queries.channels_for(user)
    chosen = next((c for c in channels if c.code == request.GET.get("channel")), None)
    return render(
        request,
        "exchange/deadlines.html",
        {
            "requests": queries.open_requests(user, chosen),
            "channels": channels,
            "chosen": chosen,
            "now": dt.datetime.now(dt.UTC),
        },
    )


@requires(Permission.MESSAGES_READ)
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SearchForm(request.GET or None, channels=queries.channels_for(user), agency=user.agency)
    found = searching.Page()
    if form.is_valid():
        found = actions.search(
            searching.criteria_from(form.cleaned_data), acting_user=user, request=request
        )

    def page_link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    return render(
        request,
        "exchange/search.html",
        {
            "form": form,
            "results": found.items,
            "found": found,
            "previous_page": page_link(found.number - 1) if found.has_previous else "",
            "next_page": page_link(found.number + 1) if found.has_next else "",
            "searched": form.is_bound and form.is_valid(),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@requires(Permission.CHANNELS_VIEW)
@require_GET
def channels(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    workable = {c.pk for c in queries.channels_for(user)}
    return render(
        request,
        "exchange/channels.html",
        {"channels": queries.channels_visible_to(user), "workable": workable},
    )
