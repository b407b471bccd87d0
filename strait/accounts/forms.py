"""Forms of the login steps. Their limits turn malformed input into form errors, never a 500."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Long enough for any passphrase, short enough that Argon2 is not handed megabytes to hash.
PASSWORD_MAX_LENGTH = 1024


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """A six-digit TOTP code; spaces people type between digit groups are ignored."""

    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "mono",
            }
        ),
        help_text=_("The six-digit code shown by your authenticator app."),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the six digits of the code."), code="format")
        return code
