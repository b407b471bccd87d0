"""Passwords are hashed with Argon2id and at least 46 MiB of memory (AUTH-05)."""

from __future__ import annotations

import re

import pytest

from strait.accounts.models import User
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_stored_hash_is_argon2id_with_enough_memory(officer: User) -> None:
    officer.set_password("another long passphrase")
    officer.save()
    stored = User.objects.get(pk=officer.pk).password
    match = re.match(r"^argon2\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", stored)
    assert match, stored
    memory_kib, passes = int(match[1]), int(match[2])
    assert memory_kib >= 46 * 1024
    assert passes >= 1
    assert officer.check_password("another long passphrase")
    assert not officer.check_password(PASSWORD)
