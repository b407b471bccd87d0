"""Each side's screening counts published into the centre (``ports.publish_counts``): the day's
checks asked, answered and hits proposed once, again only when they change."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from strait.ports import publishing
from strait.ports.models import CountReport
from strait.worker import registry
from tests.checks.conftest import World
from tests.checks.conftest import world as world  # the fixture
from tests.federation.conftest import remote  # noqa: F401  (fixture)
from tests.ports.manifest_scene import make_centre
from tests.ports.test_screening_partner import answer, refs, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inline(settings: Any) -> None:
    settings.PORTS_SCREENING_INLINE = True


def test_the_days_counts_reach_the_centre_once_and_again_when_they_change(world: World) -> None:
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    sailing = upload(world, centre)
    answer(world, sailing, {refs(sailing)["Abdelatif El Khattabi"]: "hit"})

    assert publishing.publish() == 1
    row = CountReport.objects.get(centre=centre, agency=world.here.code)
    assert (row.day, row.asked, row.answered, row.hits) == (timezone.localdate(), 3, 0, 1)
    assert publishing.publish() == 0  # nothing changed: nothing proposed

    upload(world, centre)
    assert publishing.publish() == 1
    row.refresh_from_db()
    assert row.asked == 6


def test_publishing_is_a_periodic_task_of_the_worker() -> None:
    from strait.ports import tasks  # noqa: F401  (registers the task)

    assert "ports.publish_counts" in {task.name for task in registry.all()}
