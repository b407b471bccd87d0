"""Each user's own API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from strait.accounts import tokens
from strait.accounts.models import User
from strait.accounts.token_forms import TokenCreateForm
from strait.accounts.user_views import Notice
from strait.permissions import Permission, requires
from strait.refusals import Refused

DONE = {"revoked": _("Token revoked. It no longer works.")}


@requires(Permission.API_TOKENS_MANAGE)
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    secret = ""
    notices: list[Notice] = []
    if form.is_valid():
        try:
            _token, secret = tokens.create_token(
                user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                acting_user=user,
                request=request,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            # Rendered, not redirected: the secret exists only in this response.
            form = TokenCreateForm()
            notices = [Notice(_("Token created. Copy it now: it will not be shown again."))]
    done = DONE.get(request.GET.get("done", ""))
    context = {
        "form": form,
        "secret": secret,
        "tokens": tokens.tokens_of(user),
        "messages": notices or ([Notice(done)] if done else []),
    }
    return render(request, "accounts/api_tokens.html", context)


@requires(Permission.API_TOKENS_MANAGE)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(tokens.tokens_of(user), pk=pk)
    tokens.revoke_token(token, acting_user=user, request=request)
    return redirect(f"{reverse('accounts:api_tokens')}?done=revoked")
