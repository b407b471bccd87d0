"""The event stream needs a fully logged-in user (both factors), like every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.notifications import push
from strait.permissions import Role

STREAM = reverse("notifications:stream")


@pytest.mark.django_db  # not transactional: a login's audit entry would stop the flush
def test_no_stream_without_a_verified_login(make_user: Callable[..., User]) -> None:
    anonymous = Client().get(STREAM)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    half = Client()
    half.force_login(
        make_user(role=Role.ANALYST), backend="strait.accounts.backends.NormalisedUsernameBackend"
    )
    assert half.get(STREAM).status_code == 302
    assert push.hub().open_count() == 0
