"""The notifications' pages: the fragment the open page polls (new notifications and the work
queue's count), the list, opening or dismissing one, and the e-mail preferences."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from strait.notifications import actions, badges, push, queries, topics
from strait.notifications.forms import PreferencesForm, ReadForm
from strait.permissions import Permission, requires
from strait.refusals import Refused
from strait.workqueue import queries as workqueue

if TYPE_CHECKING:
    from strait.accounts.models import User


BANNERS = 3
ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _ignore_save(*args: Any, **kwargs: Any) -> None:
    return None


def not_activity(view: Callable[..., ResponseT]) -> Callable[..., ResponseT]:
    """A poll is not the user's activity: the session row keeps its idle expiry (AUTH-03), so a
    tab left open still logs out after SESSION_COOKIE_AGE. (SESSION_SAVE_EVERY_REQUEST would
    otherwise renew it on every poll.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> ResponseT:
        response = view(request, *args, **kwargs)
        request.session.save = _ignore_save  # type: ignore[method-assign]
        return response

    return wrapper


def shown(rows: list[Any]) -> list[dict[str, Any]]:
    out = []
    for n in rows:
        topic = topics.get(n.topic)
        out.append(
            {
                "n": n,
                "text": topics.describe(n.topic, n.params),
                "level": topic.level if topic is not None else "info",
            }
        )
    return out


def _live(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    now = timezone.now()
    alerts = topics.codes_of_level("alert")
    context: dict[str, Any] = {
        # Alerts across the page, above everything; the other news as toasts.
        "banners": shown(queries.unread(user, BANNERS, only=alerts)) if alerts else [],
        "unread": shown(queries.unread(user, but=alerts)),
        "unread_count": queries.unread_count(user),
        "queue_count": workqueue.total_for(user, now),
        "poll_seconds": settings.NOTIFICATIONS_POLL_SECONDS,
        "badges": badges.shown(user),
    }
    # More than the banners and toasts show: a link to the list.
    shown_here = len(context["banners"]) + len(context["unread"])
    context["more_unread"] = context["unread_count"] > shown_here
    # On the home page, the queue itself follows when its count has moved since the last poll
    # (the page sends the count it shows): the rows are those just counted (one ``now``).
    seen = request.GET.get("seen")
    on_home = urlsplit(request.headers.get("HX-Current-URL", "")).path == reverse("web:home")
    if on_home and seen is not None and seen != str(context["queue_count"]):
        context["queue"] = workqueue.queue_for(user, now)
        context["now"] = now
    return context


@requires(Permission.HOME_VIEW)
@require_GET
@not_activity
def poll(request: HttpRequest) -> HttpResponse:
    response = render(request, "notifications/live.html", _live(request))
    response["Cache-Control"] = "no-store"
    return response


@requires(Permission.HOME_VIEW)
@require_GET
@not_activity
def stream(request: HttpRequest) -> HttpResponseBase:
    """The open page's event stream (push.py): an event when its user has something new. When
    this process holds as many streams as it may, 204: the browser does not retry, and the page
    keeps polling."""
    if push.hub().full(settings.NOTIFICATIONS_STREAM_MAX):
        return HttpResponse(status=204)
    body = push.Stream(
        _user(request).pk,
        seconds=settings.NOTIFICATIONS_STREAM_SECONDS,
        heartbeat=settings.NOTIFICATIONS_STREAM_HEARTBEAT_SECONDS,
        # The banners' text in the reader's language (the stream renders it after the view).
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    response = StreamingHttpResponse(body, content_type="text/event-stream")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a reverse proxy in front passes each event on
    return response


@requires(Permission.HOME_VIEW)
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = shown(queries.recent(_user(request)))
    return render(request, "notifications/list.html", {"rows": rows})


def _back(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return render(request, "notifications/live.html", _live(request))
    return redirect("notifications:list")


@requires(Permission.HOME_VIEW)
@require_POST
def read(request: HttpRequest) -> HttpResponse:
    """Dismiss one notification (``id``), or all of the user's."""
    form = ReadForm(request.POST)
    if not form.is_valid():
        return _back(request)
    chosen = form.cleaned_data["id"]
    actions.mark_read(_user(request), [chosen] if chosen else None)
    return _back(request)


@requires(Permission.HOME_VIEW)
@require_POST
def open_one(request: HttpRequest) -> HttpResponse:
    """Open what a notification is about, and count it as read."""
    form = ReadForm(request.POST)
    found = None
    if form.is_valid() and form.cleaned_data["id"]:
        found = queries.mine(_user(request)).filter(pk=form.cleaned_data["id"]).first()
    if found is None:
        return redirect("notifications:list")
    actions.mark_read(_user(request), [found.pk])
    # Our own paths only: the page a notification names is always one of this node's.
    if not url_has_allowed_host_and_scheme(found.url, allowed_hosts=None) or not (
        found.url.startswith("/") and not found.url.startswith("//")
    ):
        return redirect("notifications:list")
    return redirect(found.url)


@requires(Permission.PROFILE_EDIT)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                actions.set_email_topics(user, form.cleaned_data["email_topics"], request=request)
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your choice is saved."))
                return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferencesForm(initial={"email_topics": queries.email_topics_for(user)})
        status = 200
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(user.email)},
        status=status,
    )
