"""The API probe of issue 11, in the suite: schemathesis against a real node, for every operation.

One demo node (``ma``: its own ``strait serve`` process and database, the demo users, channels
and records, and what tests/nodes/api_probe.py adds: a request with a file from one agency to the
other, its reply, a consent request) is fuzzed through every operation of the OpenAPI
description, as two users of different agencies: DGSN's supervisor (every API permission) and
DGST's analyst (some operations refused: 403). Each answer must be no server error, have a
documented status and content type, and match the documented schema; generated identifiers find
nothing, so the seeded objects are asked for too (test_real_objects_answer_as_described).

Bounded for a 2-core machine (about a minute and a half of fuzzing, plus half a minute to start
the node): a few examples per operation and user, no shrinking, a fixed seed (``deterministic``),
so a failure is the same on every run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from strait.api import api
from strait.federation.testing import LocalNode
from tests.nodes import api_probe, on

# One worker runs them all (bin/test: --dist loadgroup), so the node starts once.
pytestmark = [pytest.mark.nodes, pytest.mark.xdist_group("api-probe")]

# The two callers, users of the demo node's two agencies: DGSN's supervisor holds every API
# permission, so every operation reaches its body; DGST's analyst is refused some (403).
SUPERVISOR, ANALYST = "dgsn.supervisor", "dgst.analyst"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def config(coverage: bool) -> schemathesis.Config:
    """A few random examples per operation (and, with ``coverage``, schemathesis' boundary and
    negative cases of every field), no shrinking, the same cases on every run."""
    return schemathesis.Config.from_dict(
        {
            "generation": {
                "max-examples": 10,
                "no-shrink": True,
                "database": "none",
                "deterministic": True,
            },
            "phases": {
                "coverage": {"enabled": coverage, "unexpected-methods": []},
                "stateful": {"enabled": False},
            },
            "suppress-health-check": ["all"],
        }
    )


# The description as this code builds it (the node serves the same: test_the_node_serves_…).
DESCRIPTION = json.loads(json.dumps(api.get_openapi_schema()))
# The supervisor meets every case of every field; the analyst, of the other agency, random ones
# (their coverage cases would be the supervisor's again, at twice the time).
WHOLE = schemathesis.openapi.from_dict(DESCRIPTION, config=config(coverage=True))
RANDOM = schemathesis.openapi.from_dict(DESCRIPTION, config=config(coverage=False))


@dataclass
class Node:
    url: str
    tokens: dict[str, str]
    objects: dict[str, str]  # the seeded message, its thread, attachment, consent; a person


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    ma = LocalNode("ma", tmp_path_factory.mktemp("api-probe") / "ma", country="MA")
    try:
        ma.init()
        ma.strait("manage", "demo", "--json")
        seeded = on(ma, api_probe.seed, callers=[SUPERVISOR, ANALYST])
        ma.start_server(workers=1, threads=2)
        yield Node(url=ma.url, tokens=seeded["tokens"], objects=seeded["objects"])
    finally:
        ma.stop()


def test_the_node_serves_the_description_the_probe_reads(node: Node) -> None:
    assert httpx.get(f"{node.url}/api/v1/openapi.json", timeout=30).json() == DESCRIPTION


def call(case: Any, node: Node, caller: str) -> Any:
    return case.call_and_validate(
        base_url=node.url,
        headers={"Authorization": f"Bearer {node.tokens[caller]}"},
        checks=CHECKS,
        timeout=30,
    )


@WHOLE.parametrize()
def test_every_operation_answers_the_supervisor_as_described(case: Any, node: Node) -> None:
    call(case, node, SUPERVISOR)


@RANDOM.parametrize()
def test_every_operation_answers_another_agencys_analyst_as_described(
    case: Any, node: Node
) -> None:
    call(case, node, ANALYST)


# Generated identifiers find nothing (404): the answers about real objects, checked the same way.
# (method, path, path parameters by seeded object, body) → status for the supervisor (DGSN, who
# sent the message) and for the analyst (DGST, who received it).
KNOWN: list[tuple[str, str, dict[str, str], Any, int, int]] = [
    ("GET", "/api/v1/messages/{uid}", {"uid": "message"}, None, 200, 200),
    ("GET", "/api/v1/threads/{thread_uid}", {"thread_uid": "thread"}, None, 200, 200),
    ("GET", "/api/v1/attachments/{uid}", {"uid": "attachment"}, None, 200, 200),
    ("GET", "/api/v1/entities/{kind}/{uid}", {"uid": "person"}, None, 200, 404),
    ("GET", "/api/v1/consents", {}, None, 200, 200),
    ("GET", "/api/v1/messages/inbox", {}, None, 200, 200),
    ("GET", "/api/v1/messages/sent", {}, None, 200, 200),
    ("GET", "/api/v1/deadlines", {}, None, 200, 200),
    (
        "POST",
        "/api/v1/messages/{uid}/reply",
        {"uid": "message"},
        {"body": "Probe reply"},
        400,  # not to one's own agency's item
        201,
    ),
    (
        "POST",
        "/api/v1/consents/{uid}/answer",
        {"uid": "consent"},
        {"granted": True},
        200,
        403,  # an analyst does not answer consent requests
    ),
]


def test_real_objects_answer_as_described(node: Node) -> None:
    for method, path, names, body, *statuses in KNOWN:
        for caller, status in zip((SUPERVISOR, ANALYST), statuses, strict=True):
            parameters = {name: node.objects[seeded] for name, seeded in names.items()}
            if "kind" in path:
                parameters["kind"] = "person"
            extra = {"body": body, "media_type": "application/json"} if body else {}
            case = WHOLE[path][method].Case(path_parameters=parameters, **extra)
            response = call(case, node, caller)
            assert response.status_code == status, (method, path, caller, response.text)
