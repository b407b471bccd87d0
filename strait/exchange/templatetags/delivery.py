"""``{% delivery_state r as state %}``: whether a recipient's copy of an item is late reaching its
partner node (``exchange.delivery``), for the receipts of the thread and sent pages."""

from __future__ import annotations

from django import template
from django.utils import timezone

from strait.exchange import delivery
from strait.exchange.models import Recipient

register = template.Library()


@register.simple_tag
def delivery_state(recipient: Recipient) -> delivery.RecipientState | None:
    return delivery.recipient_state(recipient, timezone.now())
