"""The OpenAPI description (issue 11, finding 7): built once per process, and true: every error
status an operation can answer is documented, each answered in the one ``Error`` shape."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import ninja.main
import pytest
from django.test import Client, RequestFactory

from strait.accounts.models import User
from strait.api import api, describe_errors, refused
from strait.api_errors import Error
from strait.permissions import Role
from strait.refusals import Refused
from tests.api_client import Api

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
ERROR = {"$ref": "#/components/schemas/Error"}


def operations(description: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


@pytest.fixture
def description() -> dict[str, Any]:
    response = Client().get(OPENAPI)
    assert response.status_code == 200
    found: dict[str, Any] = response.json()
    return found


def test_the_description_is_built_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = ninja.main.get_schema

    def counting(**kwargs: Any) -> Any:
        built.append(kwargs["path_prefix"])
        return real(**kwargs)

    monkeypatch.setattr(ninja.main, "get_schema", counting)
    monkeypatch.setattr(api, "_descriptions", {})  # as a fresh process has it
    first, second = Client().get(OPENAPI), Client().get(OPENAPI)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert api.get_openapi_schema() is api.get_openapi_schema()
    assert len(built) == 1


def test_every_operation_documents_every_error_status_it_can_answer(
    description: dict[str, Any],
) -> None:
    checked = 0
    for path, method, operation in operations(description):
        responses = operation["responses"]
        statuses = {int(s) for s in responses}
        where = f"{method} {path}"
        assert {401, 403} <= statuses, where  # every operation needs a token and a permission
        if "{" in path:
            assert 404 in statuses, where
        if "requestBody" in operation:
            assert {400, 413, 422} <= statuses, where
        if any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert 422 in statuses, where
        for status, response in responses.items():
            if int(status) >= 400:
                assert response["content"] == {"application/json": {"schema": ERROR}}, where
        checked += 1
    assert checked >= 30


def test_one_error_schema_and_no_other(description: dict[str, Any]) -> None:
    schemas = description["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error", "detail"]
    assert set(schemas["Error"]["properties"]) == {"error", "detail", "problems"}
    assert "Refusal" not in schemas


def test_a_path_the_url_checks_is_never_a_422(description: dict[str, Any]) -> None:
    # ``{uuid:uid}``: a malformed identifier never reaches ninja (404, not 422) …
    assert "422" not in description["paths"]["/api/v1/messages/{uid}"]["get"]["responses"]
    # … while a ``uuid.UUID`` in a path without a converter is ninja's to refuse.
    assert "422" in description["paths"]["/api/v1/entities/{kind}/{uid}"]["get"]["responses"]


def test_downloads_document_what_they_answer(description: dict[str, Any]) -> None:
    attachment = description["paths"]["/api/v1/attachments/{uid}"]["get"]["responses"]["200"]
    assert "application/octet-stream" in attachment["content"]
    assert "text/plain" in attachment["content"]
    export = description["paths"]["/api/v1/entities/export/requests/{uid}/download"]["get"]
    assert list(export["responses"]["200"]["content"]) == ["application/x-ndjson"]


def test_describe_errors_keeps_what_an_operation_declares() -> None:
    schema: Any = {
        "paths": {
            "/api/v1/x/{uid}": {
                "post": {
                    "operationId": "x",
                    "security": [{"TokenAuth": []}],
                    "requestBody": {},
                    "parameters": [{"in": "path", "name": "uid", "schema": {"type": "string"}}],
                    "responses": {201: {"description": "Created"}, 409: {"description": "x"}},
                }
            }
        }
    }
    responses = describe_errors(schema)["paths"]["/api/v1/x/{uid}"]["post"]["responses"]
    assert list(responses) == [201, 400, 401, 403, 404, 409, 413, 422]
    assert responses[409]["content"]["application/json"]["schema"] == ERROR


# The answers themselves: each error status in the Error shape, with its code.


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(role=Role.SUPERVISOR)


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    Error.model_validate(body)
    assert set(body) <= {"error", "detail", "problems"}
    assert body["error"] == code, body
    assert body["detail"]
    return body


def test_no_token_is_401_unauthenticated() -> None:
    response = Api(None).get("/messages/inbox")
    error_of(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_role_without_the_permission_is_403_forbidden(make_user: Callable[..., User]) -> None:
    error_of(Api(make_user(role=Role.NODE_ADMIN)).get("/messages/inbox"), 403, "forbidden")


def test_a_missing_object_is_404_not_found(supervisor: User) -> None:
    error_of(Api(supervisor).get(f"/messages/{uuid.uuid4()}"), 404, "not_found")
    error_of(Api(supervisor).get(f"/entities/nothing/{uuid.uuid4()}"), 404, "not_found")


def test_a_url_no_operation_matches_is_the_apis_404_and_pages_keep_theirs(
    supervisor: User,
) -> None:
    # An identifier that is not a uuid: Django's resolver finds no view under /api/v1/.
    error_of(Api(supervisor).get("/messages/not-a-uuid"), 404, "not_found")
    error_of(Client().get("/api/v1/no/such/thing"), 404, "not_found")
    page = Client().get("/no/such/page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_body_that_does_not_match_is_422_with_its_problems(supervisor: User) -> None:
    body = error_of(Api(supervisor).post("/messages", {"channel": "No!"}), 422, "invalid")
    assert "body: Field required" in body["problems"]
    assert "kind: Field required" in body["problems"]
    assert "channel: String should match pattern" in "\n".join(body["problems"])
    error_of(Api(supervisor).get(f"/entities/person/{'x' * 8}"), 422, "invalid")


def test_a_body_that_is_not_json_is_400_with_an_error_code(supervisor: User) -> None:
    client = Api(supervisor)
    token = client.headers["HTTP_AUTHORIZATION"]
    response = client.client.generic(
        "POST", "/api/v1/messages", "{not json", "application/json", HTTP_AUTHORIZATION=token
    )
    body = error_of(response, 400, "unparseable")
    assert "Cannot parse request body" in body["detail"]


def test_a_nul_in_a_body_is_400_refused(supervisor: User) -> None:
    body = error_of(Api(supervisor).post("/messages", {"body": "a\x00"}), 400, "refused")
    assert "NUL" in body["detail"]


def test_a_refusal_with_problems_answers_them_as_texts() -> None:
    refusal = Refused(problems=[("justification", "Say why."), ("", "Something else.")])
    response = refused(RequestFactory().get("/api/v1/x"), refusal)
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": "refused",
        "detail": "Say why.; Something else.",
        "problems": ["justification: Say why.", "Something else."],
    }


def test_too_large_a_body_is_413(supervisor: User, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    error_of(Api(supervisor).post("/messages", {"body": "x" * 200}), 413, "too_large")


# ``before`` is a date and time; a number was taken as seconds since 1970.


@pytest.mark.parametrize(
    "before",
    ["1700000000", "1700000000.5", "-1", "2026-01-31", "soon", "9999-12-31T23:59:59-10:00"],
)
def test_before_refuses_what_is_not_a_date_and_time(supervisor: User, before: str) -> None:
    for path in ("/messages/inbox", "/messages/sent"):
        body = error_of(Api(supervisor).get(path, before=before), 422, "invalid")
        assert body["problems"][0].startswith("before: ")


@pytest.mark.parametrize(
    "before",
    [
        "2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00.123456+01:00",
        # Found by the probe on PostgreSQL (a 500): an offset past ±15:59, which Python takes.
        "4709-06-02T17:58:55.2+19:52",
        "2026-01-31T12:00:00",  # no offset: UTC
    ],
)
def test_before_takes_a_date_and_time(supervisor: User, before: str) -> None:
    for path in ("/messages/inbox", "/messages/sent"):
        response = Api(supervisor).get(path, before=before)
        assert response.status_code == 200, response.content
        assert response.json() == {"items": [], "next_before": None}


def _schemas(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _schemas(sub)


def test_no_two_schemas_share_a_name() -> None:
    """The description names a schema by its class name alone: a second ``EntityOut`` in another
    app silently replaced the first, and the entities' answers were described as the
    operations' (schemathesis caught it against a real node)."""
    from ninja import Schema

    by_name: dict[str, set[str]] = {}
    for cls in _schemas(Schema):
        # Private bases (``_In``) hold no field of their own and never appear in the description.
        if cls.__module__.startswith("strait.") and not cls.__name__.startswith("_"):
            by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    twice = {name: sorted(mods) for name, mods in by_name.items() if len(mods) > 1}
    assert not twice, f"schema names used in more than one module: {twice}"
