"""Each factory makes a row the database accepts, and its defaults hang together."""

from __future__ import annotations

from typing import Any

import pytest

import tests.factories as f
from tests.factories.entities import RecordFactory


def factories() -> list[Any]:
    return [
        getattr(f, name)
        for name in f.__all__
        if name.endswith("Factory") and getattr(f, name) is not RecordFactory
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", factories(), ids=lambda factory: factory.__name__)
def test_each_factory_makes_a_row(factory: Any) -> None:
    made = factory()
    model = factory._meta.model
    assert model.objects.filter(pk=made.pk).exists()


@pytest.mark.django_db
def test_related_rows_share_an_agency_and_extras_are_made() -> None:
    agency = f.AgencyFactory()
    other = f.AgencyFactory()
    check: Any = f.CheckFactory(agency=agency)
    assert check.user.agency == agency
    channel = f.ChannelFactory(agencies=[agency, other])
    assert set(channel.agencies.all()) == {agency, other}
    message = f.MessageFactory(sender_agency=agency, channel=channel, recipients=[other])
    assert [r.agency for r in message.recipients.all()] == [other]
    assert message.origin_node == agency.node_code
    person = f.PersonFactory(agency=agency, names=[("Abdelatif El Khattabi", "Latn")])
    assert [n.full_name for n in person.names.all()] == ["Abdelatif El Khattabi"]
    phone: Any = f.PhoneFactory()
    assert phone.key.startswith("phone:")
