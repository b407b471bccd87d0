"""Member agencies after a body is created: the lead's secretariat adds and removes them; a
co-chair stays while it co-chairs; a removed agency's users lose sight at once."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from strait.governance import actions, queries
from tests.conftest import login_verified as login
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def test_the_lead_adds_an_agency_whose_users_then_read_the_body_and_removes_it(
    world: World,
) -> None:
    uid = world.body.obj.uid
    with pytest.raises(Http404):
        queries.body(world.outsider_secretary, uid)
    actions.add_member_agency(world.ma_secretary, world.body, world.outsider)
    assert queries.body(world.outsider_secretary, uid) == world.body
    actions.remove_member_agency(world.ma_secretary, world.body, world.outsider)
    with pytest.raises(Http404):
        queries.body(world.outsider_secretary, uid)


def test_a_co_chair_is_not_removed_while_it_co_chairs(world: World) -> None:
    with pytest.raises(actions.CoChairStays):
        actions.remove_member_agency(world.ma_secretary, world.body, world.es)
    assert queries.body(world.es_secretary, world.body.obj.uid) == world.body


def test_a_member_that_does_not_lead_cannot_add_an_agency(world: World, client: Client) -> None:
    login(client, world.es_secretary)
    page = client.get(reverse("governance:body", kwargs={"uid": world.body.obj.uid}))
    assert b"member-add" not in page.content
    client.post(
        reverse("governance:body_member_add", kwargs={"uid": world.body.obj.uid}),
        {"agency": world.outsider.code},
    )
    with pytest.raises(Http404):
        queries.body(world.outsider_secretary, world.body.obj.uid)


def test_the_leads_page_adds_a_member(world: World, client: Client) -> None:
    login(client, world.ma_secretary)
    url = reverse("governance:body", kwargs={"uid": world.body.obj.uid})
    assert b"member-add" in client.get(url).content
    answer = client.post(
        reverse("governance:body_member_add", kwargs={"uid": world.body.obj.uid}),
        {"agency": world.outsider.code},
    )
    assert answer.status_code == 302
    assert queries.body(world.outsider_secretary, world.body.obj.uid) == world.body
