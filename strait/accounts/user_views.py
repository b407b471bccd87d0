"""User management for node administrators: list, create, edit, (de)activate, reset factors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from strait.accounts import actions
from strait.accounts.models import User
from strait.accounts.queries import confirmed_device, users_manageable_by
from strait.accounts.user_forms import (
    SetPasswordForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from strait.permissions import Permission, requires
from strait.refusals import Refused, show_refusal


@dataclass(frozen=True)
class Notice:
    """Shaped like a django.contrib.messages message, for the base layout's message list."""

    text: Any
    tags: str = "success"

    def __str__(self) -> str:
        return str(self.text)


# Outcomes of a POST, shown once on the page it redirects to (post/redirect/get).
DONE = {
    "created": _("User created. They enrol their second factor at their first login."),
    "saved": _("Changes saved."),
    "deactivated": _("User deactivated. Their sessions have ended."),
    "reactivated": _("User reactivated."),
    "password": _("Password set. The user's sessions have ended."),
    "second_factor": _(
        "Second factor reset. The user enrols a new one at their next login; "
        "their sessions have ended."
    ),
}


@requires(Permission.USERS_MANAGE)
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    admin: User = request.user  # type: ignore[assignment]
    form = UserFilterForm(request.GET or None, admin=admin)
    users = form.filter(users_manageable_by(admin))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/user_list.html", context)


@requires(Permission.USERS_MANAGE)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    admin: User = request.user  # type: ignore[assignment]
    form = UserCreateForm(request.POST if request.method == "POST" else None, admin=admin)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.do_create_user(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                agency=data["agency"],
                unit=data["unit"],
                role=data["role"],
                password=data["password1"],
                acting_user=admin,
                request=request,
            )
        except Refused as refusal:
            show_refusal(request, refusal, form)
        else:
            return _done(user, "created")
    return render(request, "accounts/user_create.html", {"form": form})


@requires(Permission.USERS_MANAGE)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(users_manageable_by(request.user), pk=pk)  # type: ignore[arg-type]
    acting: User = request.user  # type: ignore[assignment]
    edit_form = UserEditForm(user=target)
    password_form = SetPasswordForm(user=target)
    errors: list[Notice] = []

    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save":
                edit_form = UserEditForm(request.POST, user=target)
                if edit_form.is_valid():
                    actions.do_change_user(
                        target, edit_form.cleaned_data, acting_user=acting, request=request
                    )
                    return _done(target, "saved")
            elif action == "set_password":
                password_form = SetPasswordForm(request.POST, user=target)
                if password_form.is_valid():
                    actions.do_set_password(
                        target,
                        password_form.cleaned_data["password1"],
                        acting_user=acting,
                        request=request,
                    )
                    return _done(target, "password")
            elif action == "deactivate":
                actions.do_deactivate_user(target, acting_user=acting, request=request)
                return _done(target, "deactivated")
            elif action == "reactivate":
                actions.do_reactivate_user(target, acting_user=acting, request=request)
                return _done(target, "reactivated")
            elif action == "reset_second_factor":
                actions.do_reset_second_factor(target, acting_user=acting, request=request)
                return _done(target, "second_factor")
            else:
                return HttpResponseBadRequest(str(_("Unknown action.")))
        except Refused as refusal:
            target.refresh_from_db()
            errors = [Notice(refusal.message, "error")]

    done = DONE.get(request.GET.get("done", ""))
    context = {
        "target": target,
        "edit_form": edit_form,
        "password_form": password_form,
        "has_second_factor": confirmed_device(target) is not None,
        "is_self": target.pk == acting.pk,
        "messages": errors or ([Notice(done)] if done else []),
    }
    return render(request, "accounts/user_edit.html", context)


def _done(user: User, outcome: str) -> HttpResponse:
    return redirect(f"{reverse('accounts:user_edit', args=[user.pk])}?done={outcome}")
