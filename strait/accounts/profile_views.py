"""The user's own settings page: the time zone the pages use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from strait import timefmt
from strait.accounts import actions
from strait.accounts.models import User
from strait.accounts.profile_forms import TimeZoneForm
from strait.permissions import Permission, requires


@requires(Permission.PROFILE_EDIT)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TimeZoneForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_valid():
        actions.do_set_user_time_zone(user, form.cleaned_data["time_zone"])
        return redirect(f"{reverse('accounts:preferences')}?saved=1")
    context = {
        "form": form,
        "saved": request.GET.get("saved") == "1",
        "now": timezone.now(),
        "zone": timefmt.zone_label(user.zone_name),
    }
    return render(request, "accounts/preferences.html", context)
