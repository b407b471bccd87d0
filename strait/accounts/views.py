"""Login in two steps (password, then TOTP), first-login enrolment, logout, language choice.

Nobody is logged in until the second factor passes: the password step only records a pending
login in the session (see pending.py). Every failure, of either step, counts toward the Axes
lockout of the normalised username, and every answer is the same for unknown users and wrong
passwords (AUTH-02, AUTH-04).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts import actions, pending
from strait.accounts.forms import CodeForm, LoginForm
from strait.accounts.models import User, normalise_username
from strait.accounts.queries import confirmed_device
from strait.permissions import Permission, public, requires

LOGIN_ERROR = _("Invalid username or password.")
CODE_ERROR = _("Invalid code.")


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Axes' lockout answer (AXES_LOCKOUT_CALLABLE): the same page whether or not the account
    exists, since unknown usernames are counted and locked exactly like real ones."""
    if hasattr(request, "session"):
        pending.clear(request)
    return render(request, "accounts/locked_out.html", status=429)


@public
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if form.is_valid():
        username = normalise_username(form.cleaned_data["username"])
        user = authenticate(
            request=request, username=username, password=form.cleaned_data["password"]
        )
        if user is None:
            actions.do_record_failed_password(username, request=request)
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            form.add_error(None, LOGIN_ERROR)
        else:
            pending.start(request, user, next_url)
            return redirect("accounts:verify" if confirmed_device(user) else "accounts:enroll")
    context = {
        "form": form,
        "next": pending.safe_next(request, next_url),
        "expired": request.GET.get("expired") == "1",
    }
    return render(request, "accounts/login.html", context)


@public
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    state = pending.load(request)
    if state is None:
        return _restart(request)
    device = confirmed_device(state.user)
    if device is None:
        return redirect("accounts:enroll")
    if _is_locked(request, state.user):
        return locked_out(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            return _complete_login(request, state, device)
        if _second_factor_failed(request, state.user):
            return locked_out(request)
        form.add_error(None, CODE_ERROR)
    return render(request, "accounts/verify.html", {"form": form})


@public
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    """First login (or after an administrator reset): set up the authenticator app."""
    state = pending.load(request)
    if state is None:
        return _restart(request)
    if confirmed_device(state.user) is not None:
        return redirect("accounts:verify")
    if _is_locked(request, state.user):
        return locked_out(request)
    device = actions.do_start_enrolment(state.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actions.do_enrol_second_factor(device, request=request)
            return _complete_login(request, state, device)
        if _second_factor_failed(request, state.user):
            return locked_out(request)
        form.add_error(None, CODE_ERROR)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_data_uri": segno.make(device.config_url).svg_data_uri(scale=5, light="#fff"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/enroll.html", context)


@requires(Permission.HOME_VIEW)
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    actions.do_logout(request)
    return redirect("accounts:login")


@public
@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and the choice is remembered on the user's account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        request.method == "POST"
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
        and user.is_authenticated
        and user.is_verified()
    ):
        actions.do_set_user_language(user, language)
    return response


def _restart(request: HttpRequest) -> HttpResponse:
    """No live pending login: back to the password step, saying so if it timed out."""
    expired = pending.has_expired(request)
    pending.clear(request)
    url = reverse("accounts:login")
    return redirect(f"{url}?expired=1" if expired else url)


def _is_locked(request: HttpRequest, user: User) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": user.username})


def _second_factor_failed(request: HttpRequest, user: User) -> bool:
    """Audit a wrong code and count it toward the lockout; True when it just locked the user."""
    actions.do_record_failed_code(user, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def _complete_login(
    request: HttpRequest, state: pending.Pending, device: TOTPDevice
) -> HttpResponse:
    user = state.user
    pending.clear(request)
    actions.do_complete_login(request, user, device)
    response = redirect(state.next_url or settings.LOGIN_REDIRECT_URL)
    if user.language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
    return response
