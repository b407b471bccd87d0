from django import forms
from django.utils.translation import gettext_lazy as _


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("Notice"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Signed, encrypted and delivered to the peer node; its receipt confirms it."),
    )
