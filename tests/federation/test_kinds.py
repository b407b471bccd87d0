"""Every envelope kind is an ``EnvelopeKind`` member with exactly one registered handler
(issue 10): none without a handler, no handler for an unknown kind, never two for one kind."""

from __future__ import annotations

import pydantic
import pytest

from strait.federation import handlers
from strait.federation.handlers import Arrival, RegistryError, handles
from strait.federation.kinds import EnvelopeKind


class Body(pydantic.BaseModel):
    pass


def test_every_kind_has_exactly_one_handler_and_every_handler_a_kind() -> None:
    # The apps' ready() imported every module that registers a kind.
    registry = handlers.registered()
    assert set(registry) == set(EnvelopeKind), (
        f"without a handler: {sorted(set(EnvelopeKind) - set(registry))}; "
        f"handled but not a kind: {sorted(set(registry) - set(EnvelopeKind))}"
    )
    for member, spec in registry.items():
        assert isinstance(member, EnvelopeKind)
        assert spec.name is member
        assert issubclass(spec.body, pydantic.BaseModel)
        assert handlers.kind(member.value) is spec
    # One handler per kind: no function handles two kinds either.
    functions = [spec.apply for spec in registry.values()]
    assert len(set(functions)) == len(functions)


def test_each_kind_is_handled_by_the_app_it_names() -> None:
    for member, spec in handlers.registered().items():
        app = member.value.split(".")[0]
        assert spec.apply.__module__.startswith(f"strait.{app}."), (member, spec.apply)


def test_a_handler_for_an_unknown_kind_is_refused() -> None:
    with pytest.raises(RegistryError, match="not an envelope kind"):
        handles("exchange.unknown", body=Body)  # type: ignore[arg-type]
    assert handlers.kind("exchange.unknown") is None


def test_a_second_handler_for_a_kind_is_refused() -> None:
    before = handlers.registered()

    def another(arrival: Arrival) -> None:
        raise AssertionError("never registered")

    for member in EnvelopeKind:
        with pytest.raises(RegistryError, match="already has a handler"):
            handles(member, body=Body)(another)
        # Not even the same function twice (a module imported under two names).
        with pytest.raises(RegistryError):
            handles(member, body=Body)(before[member].apply)
    assert handlers.registered() == before


def test_a_kind_that_is_not_a_member_cannot_be_sent() -> None:
    from strait.federation.outbox import SendError, send

    with pytest.raises(SendError, match="no handler"):
        send("es", "exchange.unknown", {})
