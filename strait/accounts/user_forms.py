"""Forms of user management. Validation mirrors the invariants actions.py enforces, so an
administrator sees a field error instead of a failed save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from strait.accounts.forms import PASSWORD_MAX_LENGTH
from strait.accounts.models import User, normalise_username
from strait.accounts.queries import agencies_managed_by
from strait.agencies.models import Agency, Unit
from strait.permissions import Role


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.abbreviation} — {obj.name}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.agency.abbreviation} / {obj.name}"


def _units(agencies: Any) -> Any:
    return Unit.objects.filter(agency__in=agencies).select_related("agency")


# An administrator manages only their own agency's users: another agency is not a choice.
OWN_AGENCY_ONLY = _("Choose your own agency: you manage only the users of your own agency.")


class UserFilterForm(forms.Form):
    ACTIVE_CHOICES = [("", _("All")), ("yes", _("Active")), ("no", _("Deactivated"))]

    agency = AgencyChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, empty_label=_("All")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All")), *Role.choices], required=False
    )
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_managed_by(admin)  # type: ignore[attr-defined]

    def filter(self, users: Any) -> Any:
        if not self.is_valid():
            return users
        data = self.cleaned_data
        if data["agency"]:
            users = users.filter(agency=data["agency"])
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["active"]:
            users = users.filter(is_active=data["active"] == "yes")
        return users


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common or purely numeric password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def check_password(self, user: User) -> None:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if not password1 or not password2:
            return
        if password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
            return
        try:
            validate_password(password1, user)
        except ValidationError as error:
            self.add_error("password1", error)


class UserCreateForm(NewPasswordMixin):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only. Case and surrounding spaces are ignored."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        error_messages={"invalid_choice": OWN_AGENCY_ONLY},
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("This unit does not belong to the chosen agency.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    field_order = ["username", "full_name", "email", "agency", "unit", "role"]

    def __init__(self, *args: Any, admin: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = agencies_managed_by(admin)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = _units(agencies)  # type: ignore[attr-defined]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]

    def clean_username(self) -> str:
        username = normalise_username(self.cleaned_data["username"])
        if User.objects.filter(username=username).exists():
            raise ValidationError(_("A user with this username already exists."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency, unit = data.get("agency"), data.get("unit")
        if agency is not None and unit is not None and unit.agency_id != agency.pk:
            self.add_error("unit", _("This unit does not belong to the chosen agency."))
        self.check_password(
            User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
        )
        return data


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Browser default")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "full_name": user.full_name,
                "email": user.email,
                "unit": user.unit,
                "role": user.role,
                "language": user.language,
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user
        # Only the units of the user's own agency; another agency's unit is not a valid choice.
        units = Unit.objects.filter(agency=user.agency).select_related("agency")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class SetPasswordForm(NewPasswordMixin):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password(self.user)
        return data
