"""The permission harness (AC-01): every URL declares a permission, and each page is checked as
anonymous, as a user without the permission, and as a user with it.

A new URL with path parameters must be given sample arguments in SAMPLE_KWARGS below; the
harness fails until it is, so no page escapes the check.

The JSON API (``/api/v1/``, namespace ``api``) is checked the same way with bearer tokens instead
of sessions: each ninja operation declares its permission (``auth=requires_token(...)``), and is
requested without a token, with a logged-in session only, with a token lacking the permission
and with one holding it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from strait import api
from strait.accounts import tokens
from strait.accounts.api_auth import TokenAuth
from strait.accounts.models import User
from strait.permissions import ROLE_PERMISSIONS, Permission, Role
from tests.api_client import bearer

# Views we do not own and that are not pages (none today). Keep this empty if you can.
EXEMPT: set[str] = set()


@dataclass(frozen=True)
class Route:
    name: str
    callback: Any
    params: tuple[str, ...]


def walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            params = tuple(p.pattern.converters) if hasattr(p.pattern, "converters") else ()
            yield Route(f"{namespace}{p.name}", p.callback, params)


def routes() -> list[Route]:
    return [r for r in walk(get_resolver().url_patterns) if r.name not in EXEMPT]


# The API's URLs besides its operations: the OpenAPI description (public, no data) and ninja's
# root, which only lets ninja compute its prefix and answers 404 to everyone.
API_OPENAPI = "api:openapi-json"
API_ROOT = "api:api-root"


def is_api(route: Route) -> bool:
    return route.name.startswith("api:")


# A sample may name the agency the permitted user must belong to (object-scoped pages).
AGENCY = "_agency"


def sample_kwargs(make_user: Callable[..., User]) -> dict[str, Callable[[], dict[str, Any]]]:
    """How to fill each parametric URL with an object the permitted user may see."""
    from strait.audit.events import AuditAction
    from strait.audit.log import record

    def audit_entry() -> dict[str, Any]:
        return {"seq": record(AuditAction.LOGIN, target="harness").seq}

    def agency() -> dict[str, Any]:
        from tests.factories import AgencyFactory

        return {"code": AgencyFactory().code}

    def user() -> dict[str, Any]:
        return {"pk": make_user().pk}

    def api_token() -> dict[str, Any]:
        owner = make_user()
        return {"pk": tokens.create_token(owner, name="harness", acting_user=owner)[0].pk}

    def peer() -> dict[str, Any]:
        from strait.federation.models import Peer

        code = f"p{Peer.objects.count()}"
        Peer.objects.create(code=code, name=code, country="ES", base_url="http://127.0.0.1:9")
        return {"code": code}

    def exchange_item() -> dict[str, Any]:
        """An item sent to a new agency; the permitted user is made in that agency (AGENCY)."""
        import datetime as dt

        from django.conf import settings
        from django.utils import timezone

        from strait.exchange import actions
        from strait.exchange.attachments import Upload
        from strait.exchange.models import Channel
        from tests.factories import AgencyFactory

        here = settings.NODE.code
        sender, receiver = AgencyFactory(node_code=here), AgencyFactory(node_code=here)
        channel = Channel.objects.create(
            code=f"harness-{sender.code}",
            kind="direct",
            allowed_kinds=["information", "request", "reply"],
            max_handling="H3",
            name_ar="قناة",
            name_es="Canal",
            name_fr="Canal",
            name_en="Channel",
        )
        channel.agencies.set([sender, receiver])
        today = timezone.localdate()
        message = actions.send_message(
            actions.Draft(
                channel=channel,
                kind="request",
                recipients=[receiver],
                subject="Harness",
                body="Harness",
                language="en",
                crime_area="other",
                handling="H0",
                purpose="Harness",
                subject_category="other",
                fact_or_assessment="fact",
                review_date=today + dt.timedelta(days=1),
                retention_date=today + dt.timedelta(days=2),
                uploads=[Upload("note.txt", b"harness")],
            ),
            acting_user=make_user(agency=sender, role=Role.ANALYST),
        )
        return {
            "uid": message.uid,
            "thread_uid": message.thread_uid,
            "attachment": message.attachments.get().uid,
            AGENCY: receiver,
        }

    def exchange(*keys: str) -> Callable[[], dict[str, Any]]:
        def make() -> dict[str, Any]:
            item = exchange_item()
            return {AGENCY: item[AGENCY]} | {
                key: item["attachment" if key == "uid" and "attachment" in keys else key]
                for key in keys
                if key != "attachment"
            }

        return make

    def checks_world() -> dict[str, Any]:
        """A check sent by a new agency (AGENCY) and answered with a hit by its partner, the
        partner's copy of it as an incoming check, and the partner's opening."""
        from django.conf import settings

        from strait.checks.models import Check, CheckAnswer, CheckOpening, IncomingCheck
        from strait.exchange.models import Channel
        from tests.factories import AgencyFactory

        asker = AgencyFactory(node_code=settings.NODE.code)
        partner = AgencyFactory(node_code="elsewhere")
        channel = Channel.objects.create(
            code=f"harness-check-{asker.code}",
            kind="direct",
            allowed_kinds=["request"],
            max_handling="H1",
            name_ar="قناة",
            name_es="Canal",
            name_fr="Canal",
            name_en="Channel",
        )
        channel.agencies.set([asker, partner])
        check = Check.objects.create(
            agency=asker,
            user=make_user(agency=asker),
            channel=channel,
            kind="phone",
            query={"value": "+212661123456"},
            label="+212661123456",
            purpose="Harness",
            crime_area="other",
        )
        CheckAnswer.objects.create(check_ref=check, agency=partner, result="hit")
        incoming = IncomingCheck.objects.create(
            check_uid=check.uid,
            origin_node="elsewhere",
            requester=partner,
            requester_name="Harness",
            agency=asker,
            channel=channel,
            kind="phone",
            result="no_hit",
        )
        opening = CheckOpening.objects.create(
            agency=asker, partner=partner, channel=channel, kinds=["phone"], max_handling="H0"
        )
        return {
            "check": check.uid,
            "partner": partner.code,
            "incoming": incoming.uid,
            "opening": opening.uid,
            AGENCY: asker,
        }

    def checks(**keys: str) -> Callable[[], dict[str, Any]]:
        def make() -> dict[str, Any]:
            made = checks_world()
            return {AGENCY: made[AGENCY]} | {key: made[source] for key, source in keys.items()}

        return make

    def entity(kind: str = "person", **extra: str) -> Callable[[], dict[str, Any]]:
        """A person (with a phone) and an import batch of a new agency (AGENCY)."""

        def make() -> dict[str, Any]:
            from strait.entities import actions
            from strait.entities.models import ImportBatch, Phone
            from tests.entities.conftest import person_draft
            from tests.factories import AgencyFactory

            owner = AgencyFactory()
            keeper = make_user(agency=owner, role=Role.ANALYST)
            person = actions.create_person(person_draft(), acting_user=keeper)
            made = {
                "person": person.uid,
                "phone": Phone.objects.get(person=person).uid,
                "batch": ImportBatch.objects.create(
                    agency=owner, user=keeper, filename="harness.csv", format="csv"
                ).uid,
            }
            sample: dict[str, Any] = {AGENCY: owner, "uid": made[kind]}
            if kind != "batch":
                sample["kind"] = kind
            return sample | extra

        return make

    def export_request() -> dict[str, Any]:
        """A pending export request of a new agency (AGENCY), asked by one of its analysts."""
        from strait.entities import exports
        from tests.factories import AgencyFactory

        owner = AgencyFactory()
        asked = exports.request_export(make_user(agency=owner, role=Role.ANALYST), "harness")
        return {AGENCY: owner, "uid": asked.uid}

    return {
        "entities:export_decide": export_request,
        "entities:export_download": export_request,
        "entities:detail": entity("person"),
        "entities:edit": entity("phone"),
        "entities:erase": entity("phone"),
        "entities:person_edit": lambda: {
            k: v for k, v in entity("person")().items() if k != "kind"
        },
        "entities:import_status": entity("batch"),
        "entities:new": lambda: {"kind": "vehicle"},
        "checks:check": checks(uid="check"),
        "checks:ask_details": checks(uid="check", agency="partner"),
        "checks:incoming": checks(uid="incoming"),
        "checks:decide": checks(uid="incoming"),
        "checks:opening_remove": checks(uid="opening"),
        "exchange:thread": exchange("thread_uid"),
        "exchange:reply": exchange("uid"),
        "exchange:correct": exchange("uid"),
        "exchange:consent_request": exchange("uid"),
        "exchange:forward": exchange("uid"),
        "exchange:export": exchange("uid"),
        "exchange:attachment": exchange("uid", "attachment"),
        "exchange:consent_answer": exchange("uid"),
        "federation:peer": peer,
        "federation:peer_retry": peer,
        "audit:entry": audit_entry,
        "agencies:agency": agency,
        "accounts:user_edit": user,
        "accounts:api_token_revoke": api_token,
    }


def test_every_url_declares_a_permission() -> None:
    missing = [r.name for r in routes() if not hasattr(r.callback, "strait_permission")]
    assert not missing, f"views without @requires or @public: {missing}"


def role_with(permission: Permission) -> str:
    return next(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)


def role_without(permission: Permission) -> str | None:
    return next((r for r, perms in ROLE_PERMISSIONS.items() if permission not in perms), None)


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_every_page_as_anonymous_without_and_with_permission(
    make_user: Callable[..., User],
    verified_client: Callable[..., Client],
    settings: Any,
    tmp_path: Any,
) -> None:
    from strait.federation.keys import ensure_keys

    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    ensure_keys()
    samples = sample_kwargs(make_user)
    checked = 0
    for route in routes():
        if is_api(route):  # bearer tokens, not sessions: test_every_api_operation_…
            continue
        declared = route.callback.strait_permission
        if route.params and route.name not in samples:
            pytest.fail(f"{route.name} has parameters {route.params}: add it to SAMPLE_KWARGS")
        kwargs = samples[route.name]() if route.params else {}
        owner = kwargs.pop(AGENCY, None)
        url = reverse(route.name, kwargs=kwargs or None)

        anonymous = Client().get(url)
        if declared == "signed":  # node-to-node: no session; each envelope is signed
            assert anonymous.status_code in (200, 405), (route.name, anonymous.status_code)
            continue
        if declared == "public":
            assert anonymous.status_code in (200, 302, 405), (route.name, anonymous.status_code)
            continue

        assert is_login_redirect(anonymous), (route.name, "anonymous", anonymous.status_code)

        # Password alone (no second factor) is not enough for any protected page.
        half = Client()
        half.force_login(make_user(role=role_with(declared)))
        assert is_login_redirect(half.get(url)), (route.name, "password only")

        lacking = role_without(declared)
        if lacking is not None:
            denied = verified_client(role=lacking).get(url)
            assert denied.status_code in (403, 404), (route.name, lacking, denied.status_code)

        in_agency = {"agency": owner} if owner is not None else {}
        allowed = verified_client(role=role_with(declared), **in_agency).get(url)
        # 405: a POST-only action reached past the permission check.
        assert allowed.status_code in (200, 302, 405), (route.name, allowed.status_code)
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_deactivated_user_is_refused_everywhere(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    user = make_user(role=Role.NODE_ADMIN)
    client = verified_client(user)
    assert client.get(reverse("web:home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert is_login_redirect(client.get(reverse("web:home")))


def test_every_api_operation_declares_a_permission() -> None:
    operations = list(api.operations())
    missing = [d.url_name for d in operations if d.permission is None]
    assert not missing, f"API operations without auth=requires_token(...): {missing}"
    assert len(operations) >= 10


def test_the_api_has_no_url_the_harness_does_not_check() -> None:
    declared = {f"api:{d.url_name}" for d in api.operations()}
    served = {r.name for r in routes() if is_api(r)}
    assert served == declared | {API_OPENAPI, API_ROOT}
    for route in routes():
        if is_api(route) and route.name in declared:
            assert route.callback.strait_permission in Permission, route.name


@pytest.mark.django_db
def test_an_operation_that_declares_nothing_is_refused(make_user: Callable[..., User]) -> None:
    """The API-wide default: a valid token, but no declared permission, is a 403 (fail closed)."""
    from django.test import RequestFactory
    from ninja.errors import AuthorizationError

    default = api.api.auth
    assert isinstance(default, list)
    assert [type(a) for a in default] == [TokenAuth]
    assert default[0].permission is None
    user = make_user(role=Role.SUPERVISOR)
    _token, secret = tokens.create_token(user, name="harness", acting_user=user)
    with pytest.raises(AuthorizationError):
        default[0].authenticate(RequestFactory().get("/"), secret)


@pytest.mark.django_db
def test_every_api_operation_without_token_without_and_with_permission(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    by_name = {r.name: r for r in routes() if is_api(r)}
    checked = 0
    for declared in api.operations():
        assert declared.permission is not None, declared.url_name
        route = by_name[f"api:{declared.url_name}"]
        # Any identifier will do: a permitted user gets past the check to "not found".
        url = reverse(route.name, kwargs={p: uuid.uuid4() for p in route.params})
        method = declared.methods[0]

        def call(
            client: Client,
            headers: dict[str, str] | None = None,
            method: str = method,
            url: str = url,
        ) -> Any:
            return client.generic(
                method, url, "{}", content_type="application/json", **(headers or {})
            )

        name = declared.url_name
        assert call(Client()).status_code == 401, (name, "anonymous")
        session = verified_client(role=role_with(declared.permission))
        assert call(session).status_code == 401, (name, "session without token")

        lacking = role_without(declared.permission)
        if lacking is not None:
            denied = call(Client(), bearer(make_user(role=lacking)))
            assert denied.status_code == 403, (name, lacking, denied.status_code)

        allowed = call(Client(), bearer(make_user(role=role_with(declared.permission))))
        # 404: the sample object does not exist; 422: the empty body is refused.
        assert allowed.status_code in (200, 404, 422), (name, allowed.status_code)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_the_api_description_is_public_and_the_root_is_not_found() -> None:
    assert Client().get(reverse(API_OPENAPI)).status_code == 200
    assert Client().get(reverse(API_ROOT)).status_code == 404
