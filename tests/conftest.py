"""Fixtures shared by every test package."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from strait.accounts.models import User
from tests.factories import TOTPDeviceFactory, UserFactory


@pytest.fixture(autouse=True)
def _language_and_zone_reset() -> Iterator[None]:
    """A page or an action may leave a language or time zone active in this thread; the next
    test must start from the node's defaults whatever ran before it (xdist orders vary)."""
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _no_cached_index() -> Iterator[None]:
    """The person index is cached per agency id and change count: after a test's rollback the
    next test's agency may get the same id and the same count, and would be searched in the
    previous test's index (a manifest's hit went missing on one xdist order). Every test starts
    without one."""
    from strait.entities import person_index

    person_index.forget()
    yield
    person_index.forget()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests talk only to loopback: anything else is a bug in the test (STYLE.md §5)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "::1", "localhost")
            and not (host.startswith("127.") or host.startswith("/"))
        ):
            raise RuntimeError(f"network access to {host!r} blocked in tests")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return


def login_verified(client: Client, user: User) -> Client:
    """Log a user in with both factors done, as the login flow leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = user.totpdevice_set.filter(confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user, backend="strait.accounts.backends.NormalisedUsernameBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # What a real login adds: the absolute-lifetime start and the server-side session link.
    from strait.accounts.sessions import register_session

    register_session(session, user)
    session.save()
    return client


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(**kwargs: Any) -> User:
        user: User = UserFactory(**kwargs)
        TOTPDeviceFactory(user=user)
        return user

    return make


@pytest.fixture
def verified_client(make_user: Callable[..., User]) -> Callable[..., Client]:
    """``verified_client(role=...)`` gives a client logged in as a new user with that role."""

    def make(user: User | None = None, **kwargs: Any) -> Client:
        return login_verified(Client(), user or make_user(**kwargs))

    return make


@pytest.fixture
def _flushable() -> Iterator[None]:
    """A transactional test on PostgreSQL ends with a TRUNCATE of every table, which the audit
    log's and the decisions' append-only triggers refuse: ``transactional_flush`` lets this
    connection's flush through (``session_replication_role``); this drops the connection after
    the flush, so no later test inherits a connection with the triggers off. Request it first:
    ``usefixtures("_flushable", "transactional_flush")``."""
    yield
    connection.close()


@pytest.fixture
def transactional_flush(transactional_db: None) -> Iterator[None]:
    """A transactional database (each thread its own connection, real commits) whose flush at
    the end passes the append-only triggers on PostgreSQL (see ``_flushable``)."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")


# The PostgreSQL run (bin/test postgres) runs only what can answer differently there: the tests
# that reach a database. A test that reaches none (pure Python such as tests/matching, a page
# rendered without a row, the `strait` command on its own SQLite home) answers the same on both,
# and the SQLite run has already run it.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that reach a database: pytest-django's (django_db, db, "
        "transactional_db …) and those that start nodes on the run's database (mark nodes)",
    )


def reaches_a_database(item: pytest.Item) -> bool:
    """A test that uses the test database, or starts nodes (each on a database of the run's
    server: strait/federation/testing.py). pytest-django refuses any other test the database,
    so no test reaches it unseen."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("nodes"):
        return True
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    module = getattr(item, "module", None)
    # A module that starts nodes without the mark still starts them on the run's database.
    if module is not None and hasattr(module, "LocalNode"):
        return True
    cls = getattr(item, "cls", None)
    if cls is not None:
        from django.test import TransactionTestCase

        return issubclass(cls, TransactionTestCase)
    return False


def keep_xdist_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--dist loadgroup`` sends the tests of one ``xdist_group`` to one worker by a suffix
    ``@group`` on their node ids. pytest-xdist 3.8 writes it to ``item._nodeid``, which pytest 9
    no longer reads (the id is ``item._id``): every group was split across the workers, and a
    module's session-scoped nodes started on both. Written here where pytest reads it."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = NodeId.parse(item.nodeid + suffix)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep_xdist_groups(config, items)
    if not config.getoption("--database-tests-only"):
        return
    kept, left = [], []
    for item in items:
        (kept if reaches_a_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
