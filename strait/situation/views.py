"""Pages of the situation picture. Thin: forms check shape, ``actions`` decide and write
(through the picture's ops), ``queries`` and ``surges`` read what the user may see."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from strait.accounts.models import User
from strait.alerts import codes as alert_codes
from strait.permissions import Permission, requires
from strait.refusals import submit
from strait.sharing import page_results
from strait.situation import actions, codes, forms, queries, surges
from strait.situation.models import Picture


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _window(request: HttpRequest) -> str:
    value = request.GET.get("window", "")
    return value if value in codes.WINDOW_HOURS else codes.DEFAULT_WINDOW


def _words() -> dict[str, Any]:
    """What the map's script writes, in the reader's language."""
    return {
        "boats": {value: str(label) for value, label in codes.Boat.choices},
        "outcomes": {value: str(label) for value, label in codes.Outcome.choices},
        "levels": {value: str(label) for value, label in codes.Level.choices},
        "no_level": _("No level set"),
        "people": _("people"),
        "reports": _("Reports"),
        "reported_by": _("Reported by"),
        "segment": _("Segment"),
        "owner": _("Owner"),
        "response": _("Response required"),
        "alert_until": _("Valid until"),
        "open_alert": _("Open the alert"),
        "open_log": _("Rapid-reaction log"),
        "loading": _("Loading the map…"),
        "failed": _("The map data could not be loaded. Reload the page to try again."),
        "shown": _("%(crossings)s reports and %(alerts)s alerts shown."),
        "chart_title": _("Reports per segment"),
        "no_segment": _("No segment"),
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "countries": {"504": _("Morocco"), "724": _("Spain"), "012": _("Algeria")},
    }


def _picture_missing(request: HttpRequest) -> HttpResponse:
    return render(request, "situation/none.html")


@requires(Permission.SITUATION_READ)
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    pic = queries.picture(user)
    if pic is None:
        return _picture_missing(request)
    window = _window(request)
    data = queries.map_data(user, pic, window, surges.map_alerts(user))
    return render(
        request,
        "situation/map.html",
        {
            "picture": pic,
            "data": data,
            "words": _words(),
            "window": window,
            "windows": codes.Window.choices,
            "window_index": list(codes.WINDOW_HOURS).index(window),
            "levels": [(v, label, codes.RESPONSE[v]) for v, label in codes.Level.choices],
            "own_codes": {s.code for s in queries.own_segments(user, pic)},
            "surge": alert_codes.AlertType.MIGRATION_SURGE.value,
            "src": reverse("situation:data"),
            "box": [codes.MAP_SOUTH, codes.MAP_WEST, codes.MAP_NORTH, codes.MAP_EAST],
            "centre": codes.MAP_CENTRE,
        },
    )


@requires(Permission.SITUATION_READ)
@require_GET
def data(request: HttpRequest) -> HttpResponse:
    """The map's data for one window of the timeline (``?window=6h|24h|7d``)."""
    user = _user(request)
    pic = queries.picture(user)
    if pic is None:  # as the page: no picture shared with the agency (yet), nothing to draw
        return JsonResponse(queries.empty_map(_window(request)))
    found = queries.map_data(user, pic, _window(request), surges.map_alerts(user))
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})


@requires(Permission.SITUATION_WRITE)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    pic = queries.picture(user)
    if pic is None:
        return _picture_missing(request)
    initial = {"at": timezone.localtime().replace(second=0, microsecond=0)}
    form = forms.CrossingForm(request.POST or None, initial=initial, segments=queries.segments(pic))
    sent = submit(request, form, lambda: actions.report_crossing(user, pic, **form.cleaned_data))
    if sent.ok:
        page_results.done(request, sent.result, _("The crossing is on the map."))
        return redirect("situation:map")
    return render(request, "situation/report.html", {"form": form}, status=sent.status)


def _level_form(request: HttpRequest, user: User, pic: Picture) -> forms.LevelForm:
    initial = {"segment": request.GET.get("segment", "")}
    return forms.LevelForm(
        request.POST or None, initial=initial, segments=queries.own_segments(user, pic)
    )


@requires(Permission.SITUATION_WRITE)
@require_http_methods(["GET", "POST"])
def level(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    pic = queries.picture(user)
    if pic is None:
        return _picture_missing(request)
    form = _level_form(request, user, pic)
    sent = submit(request, form, lambda: actions.set_level(user, pic, **form.cleaned_data))
    if sent.ok:
        page_results.done(request, sent.result, _("The impact level is set."))
        return redirect("situation:map")
    levels = [(v, label, codes.RESPONSE[v]) for v, label in codes.Level.choices]
    return render(
        request, "situation/level.html", {"form": form, "levels": levels}, status=sent.status
    )


@requires(Permission.SITUATION_READ)
@require_GET
def surge(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    log = surges.reaction_log(_user(request), uid)
    return render(request, "situation/surge.html", {"log": log})
