"""Channels, messages, their recipients and consent requests, as rows.

A message made here skips the rules ``exchange.actions.send_message`` checks and sends nothing:
use it for data a test reads (lists, searches, the permission harness); a test of sending goes
through the action."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from strait.exchange.models import Channel, Consent, Message, Recipient
from tests.factories.agencies import AgencyFactory


class ChannelFactory(DjangoModelFactory[Channel]):
    """A direct channel; ``ChannelFactory(agencies=[a, b])`` opens it to those agencies."""

    class Meta:
        model = Channel
        skip_postgeneration_save = True
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"channel-{n}")
    kind = "direct"
    allowed_kinds = factory.LazyFunction(
        lambda: ["information", "request", "reply", "acknowledgement"]
    )
    max_handling = "H2"
    name_ar = "قناة"
    name_es = "Canal"
    name_fr = "Canal"
    name_en = factory.Sequence(lambda n: f"Channel {n}")

    @factory.post_generation
    def agencies(channel: Channel, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            channel.agencies.set(extracted)


def _today_plus(days: int) -> Any:
    return factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=days))


class MessageFactory(DjangoModelFactory[Message]):
    """A request from a new agency on a new channel; ``recipients=[agency, ...]`` adds them."""

    class Meta:
        model = Message
        skip_postgeneration_save = True

    thread_uid = factory.LazyFunction(uuid.uuid4)
    channel = factory.SubFactory(ChannelFactory)
    kind = "request"
    origin_node = factory.SelfAttribute("sender_agency.node_code")
    sender_agency = factory.SubFactory(AgencyFactory)
    sender_name = factory.Sequence(lambda n: f"Sender {n}")
    subject = factory.Sequence(lambda n: f"Subject {n}")
    body = "Please check the registration 1234-ABC."
    language = "en"
    crime_area = "other"
    urgency = "normal"
    handling = "H0"
    purpose = "Investigation"
    subject_category = "suspect"
    fact_or_assessment = "fact"
    review_date = _today_plus(90)
    retention_date = _today_plus(365)

    @factory.post_generation
    def recipients(message: Message, create: bool, extracted: Any, **kwargs: Any) -> None:
        for agency in extracted or ():
            Recipient.objects.create(message=message, agency=agency, created_at=message.created_at)


class RecipientFactory(DjangoModelFactory[Recipient]):
    class Meta:
        model = Recipient

    message = factory.SubFactory(MessageFactory)
    agency = factory.SubFactory(AgencyFactory)
    created_at = factory.LazyFunction(timezone.now)


class ConsentFactory(DjangoModelFactory[Consent]):
    """A pending request to pass ``message`` on, asked by one of its recipients."""

    class Meta:
        model = Consent

    message = factory.SubFactory(MessageFactory)
    purpose = Consent.Purpose.EXPORT
    requester_agency = factory.SubFactory(AgencyFactory)
    requester_name = factory.Sequence(lambda n: f"Requester {n}")
    reason = "To hand the file to the court"
