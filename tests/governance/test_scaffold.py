"""The body as a shared object: created by a secretariat, seen by its members, not by others."""

from __future__ import annotations

import pytest
from django.http import Http404

from strait.governance import queries
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def test_a_body_is_seen_by_its_member_agencies_users_and_not_by_another_agency(
    world: World,
) -> None:
    assert queries.body(world.es_secretary, world.body.obj.uid) == world.body
    assert queries.body(world.ma_officer, world.body.obj.uid) == world.body
    with pytest.raises(Http404):
        queries.body(world.outsider_secretary, world.body.obj.uid)
    assert world.body.cadence_months == 12
    assert world.body.warn_months == 11
