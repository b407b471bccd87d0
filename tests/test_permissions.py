"""The permission harness (AC-01): every URL declares a permission, and each page is checked as
anonymous, as a user without the permission, and as a user with it.

A new URL with path parameters must be given sample arguments in SAMPLE_KWARGS below; the
harness fails until it is, so no page escapes the check.

The JSON API (``/api/v1/``, namespace ``api``) is checked the same way with bearer tokens instead
of sessions: each ninja operation declares its permission (``auth=requires_token(...)``), and is
requested without a token, with a logged-in session only, with a token lacking the permission
and with one holding it.

Both are sent GET and POST. And the cross-agency probe (netbox's
``*_with_constrained_permission`` tests are the model): for every URL and every API operation
with an object in its path, another agency's object answers 404 to GET and POST for every role
that holds the permission (and 403 or 404 for every role that does not). A new URL with an object
must be given a sample that names its agency (``AGENCY``), or be listed in NOT_AGENCY_OBJECTS
with the reason; a new API operation with an object needs a sample in API_SAMPLES.
"""

from __future__ import annotations

import json
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
from strait.permissions import ROLE_PERMISSIONS, Permission, Role, role_has
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


# A sample may name the agency the permitted user must belong to (object-scoped pages), and the
# one user who may reach the object when it is a user's own (a token, an export asked).
AGENCY = "_agency"
OWNER = "_owner"
# An API sample may give the body that reaches its object (a partner's code, a candidate).
BODY = "_body"

# URLs with parameters that name no object of one agency, and why. Every other URL with
# parameters is probed with another agency's object (test_another_agencys_object_…).
NOT_AGENCY_OBJECTS: dict[str, str] = {
    "agencies:agency": "the directory: every agency's page is open to every user",
    "federation:peer": "a partner node: peers belong to the node, kept by its administrators",
    "federation:peer_retry": "a partner node: peers belong to the node, kept by its administrators",
    "entities:new": "the kind of record to create, not an object",
    "entities:import_template": "the format of the template file, not an object",
}

# Pages whose objects a role holding the given permission reaches on the whole node, whatever
# agency they belong to: the node auditor reads every agency's audit entries (issue 11).
NODE_WIDE: dict[str, Permission] = {"audit:entry": Permission.AUDIT_READ_NODE}


def sample_params(sample: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
    """(URL kwargs, owning agency, owning user) of a sample."""
    kwargs = {k: v for k, v in sample.items() if k not in (AGENCY, OWNER, BODY)}
    return kwargs, sample.get(AGENCY), sample.get(OWNER)


def sample_kwargs(make_user: Callable[..., User]) -> dict[str, Callable[[], dict[str, Any]]]:
    """How to fill each parametric URL with an object the permitted user may see."""
    from strait.audit.events import AuditAction
    from strait.audit.log import record

    def audit_entry() -> dict[str, Any]:
        """An entry written by a user of a new agency (AGENCY): a DPO reads their agency's log."""
        actor = make_user()
        return {
            "seq": record(AuditAction.LOGIN, actor=actor, target="harness").seq,
            AGENCY: actor.agency,
        }

    def agency() -> dict[str, Any]:
        from tests.factories import AgencyFactory

        return {"code": AgencyFactory().code}

    def user() -> dict[str, Any]:
        """A user of a new agency (AGENCY): administrators manage their own agency's users."""
        target = make_user()
        return {"pk": target.pk, AGENCY: target.agency}

    def api_token() -> dict[str, Any]:
        """A token of a user of a new agency (AGENCY); only its owner may revoke it (OWNER)."""
        owner = make_user()
        return {
            "pk": tokens.create_token(owner, name="harness", acting_user=owner)[0].pk,
            AGENCY: owner.agency,
            OWNER: owner,
        }

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
        from strait.exchange.models import Channel, Consent
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
        # The receiver asks the sender whether it may export the item: the sender answers.
        consent = Consent.objects.create(
            message=message,
            purpose=Consent.Purpose.EXPORT,
            requester_agency=receiver,
            requester_name="Harness",
        )
        return {
            "uid": message.uid,
            "thread_uid": message.thread_uid,
            "attachment": message.attachments.get().uid,
            "consent": consent.uid,
            "sender": sender,
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

    def consent() -> dict[str, Any]:
        """A consent request on an item, answered by the item's sender (AGENCY)."""
        item = exchange_item()
        return {"uid": item["consent"], AGENCY: item["sender"]}

    def checks_world() -> dict[str, Any]:
        """A check sent by a new agency (AGENCY) and answered with a hit by its partner, the
        partner's copy of it as an incoming check, and the partner's opening."""
        from django.conf import settings

        from strait.checks.models import (
            Candidate,
            Check,
            CheckAnswer,
            CheckOpening,
            IncomingCheck,
        )
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
        candidate = Candidate.objects.create(
            incoming=incoming,
            record_kind="person",
            record_uid=uuid.uuid4(),
            record_label="Harness",
            score=0.9,
        )
        opening = CheckOpening.objects.create(
            agency=asker, partner=partner, channel=channel, kinds=["phone"], max_handling="H0"
        )
        return {
            "check": check.uid,
            "partner": partner.code,
            "incoming": incoming.uid,
            "candidate": candidate.pk,
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
        analyst = make_user(agency=owner, role=Role.ANALYST)
        asked = exports.request_export(analyst, "harness")
        return {AGENCY: owner, OWNER: analyst, "uid": asked.uid}

    def operation() -> dict[str, Any]:
        """A joint operation led by a new agency (AGENCY), opened by its analyst (OWNER), its
        only member: another user of the agency is not a member and gets 404 too."""
        from django.conf import settings

        from tests.factories import AgencyFactory
        from tests.factories.operations import make_operation

        lead = AgencyFactory(node_code=settings.NODE.code)
        analyst = make_user(agency=lead, role=Role.ANALYST)
        return {"uid": make_operation(analyst).obj.uid, AGENCY: lead, OWNER: analyst}

    def alert(stage: str) -> Callable[[], dict[str, Any]]:
        """A migration-surge alert of a new agency (AGENCY) drafted by its officer (OWNER),
        addressed to a second agency it shares a channel with: the draft as ``stage`` leaves it
        (saved, submitted) or, released by the agency's supervisor, the alert."""

        def make() -> dict[str, Any]:
            import datetime as dt

            from django.conf import settings
            from django.utils import timezone

            from strait.alerts import actions
            from tests.factories import AgencyFactory, ChannelFactory

            issuer = AgencyFactory(node_code=settings.NODE.code)
            addressee = AgencyFactory(node_code=settings.NODE.code)
            ChannelFactory(agencies=[issuer, addressee])
            author = make_user(agency=issuer, role=Role.OFFICER)
            now = timezone.now()
            draft = actions.save_draft(
                author,
                {
                    "type": "migration_surge",
                    "title": "Harness",
                    "area_kind": "territory",
                    "valid_from": now - dt.timedelta(minutes=1),
                    "valid_until": now + dt.timedelta(days=1),
                    "addressees": [addressee.code],
                    "details": {
                        "place": "Harness",
                        "estimated_people": 1,
                        "boats": 1,
                        "direction": "North",
                    },
                },
            )
            if stage == "draft":
                return {"uid": draft.uid, AGENCY: issuer, OWNER: author}
            actions.submit(author, draft)
            if stage == "submitted":
                return {"uid": draft.uid, AGENCY: issuer, OWNER: author}
            supervisor = make_user(agency=issuer, role=Role.SUPERVISOR)
            return {"uid": actions.release(supervisor, draft).uid, AGENCY: issuer}

        return make

    operation_pages = [
        "detail",
        "chart",
        "chart_json",
        "update",
        "share",
        "withdraw",
        "relation_add",
        "relation_remove",
        "timeline_add",
        "task_add",
        "task_status",
        "note_add",
        "thread_link",
        "outcome_record",
        "outcome_correct",
        "participant_add",
        "participant_remove",
        "participant_role",
        "ceiling",
        "member_add",
        "member_remove",
    ]

    def gov_course(body: Any) -> Any:
        from tests.factories import CourseFactory

        return CourseFactory(body=body)

    def gov_document(body: Any) -> Any:
        from django.utils import timezone

        from strait.governance.models import Document

        return Document.objects.create(
            body=body,
            area="training",
            title={"es": "Harness"},
            language="es",
            filename="harness.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            parts=1,
            by_agency="harness",
            added_at=timezone.now(),
        )

    def governance(role: str = Role.SECRETARIAT, **extra: Any) -> Callable[[], dict[str, Any]]:
        """A body of a new agency (AGENCY), created by its secretariat; OWNER is a user of that
        agency with ``role`` (the secretariat writes, a chair signs). ``extra`` are more URL
        parameters, each a function of the body."""

        def make() -> dict[str, Any]:
            import datetime as dt

            from django.conf import settings

            from strait.governance import actions
            from tests.factories import AgencyFactory

            agency = AgencyFactory(node_code=settings.NODE.code)
            secretary = make_user(agency=agency, role=Role.SECRETARIAT)
            body = actions.create_body(
                secretary,
                code="harness",
                name_ar="لجنة",
                name_es="Comité",
                kind="committee",
                co_chairs=[agency.code],
                founded_on=dt.date(2013, 11, 1),
                cadence="yearly",
            )
            owner = secretary if role == Role.SECRETARIAT else make_user(agency=agency, role=role)
            made = {"uid": body.obj.uid, AGENCY: agency, OWNER: owner}
            return made | {name: fn(body, owner) for name, fn in extra.items()}

        return make

    def event_part(part: str) -> Callable[[], dict[str, Any]]:
        """An event (or one of its matches, or an entry of the knowledge base) that a new
        agency (AGENCY) opened, its analyst the OWNER."""

        def make() -> dict[str, Any]:
            import datetime as dt

            from django.conf import settings

            from strait.events import actions, queries
            from tests.factories import AgencyFactory

            agency = AgencyFactory(node_code=settings.NODE.code)
            analyst = make_user(agency=agency, role=Role.ANALYST)
            texts = dict.fromkeys(("ar", "es", "fr", "en"), "Harness")
            if part == "entry":
                base = actions.open_knowledge_base(analyst, title="Harness")
                change: Any = actions.add_entry(
                    analyst, base, kind="lesson", topics=["drones"], titles=texts, texts=texts
                )
                return {"uid": change.body["uid"], AGENCY: agency, OWNER: analyst}
            event = actions.open_event(
                analyst,
                code="harness",
                names=texts,
                hosts=["PT"],
                starts=dt.date(2030, 6, 1),
                ends=dt.date(2030, 6, 30),
            )
            if part == "event":
                return {"uid": event.uid, AGENCY: agency, OWNER: analyst}
            actions.add_venue(
                analyst,
                event,
                code="luz",
                names=texts,
                kind="stadium",
                city="Lisboa",
                country="PT",
                lat="38.7527",
                lon="-9.1847",
            )
            actions.add_fixture(
                analyst,
                event,
                home_team="A",
                away_team="B",
                venue="luz",
                kick_off=dt.datetime(2030, 6, 2, 18, tzinfo=dt.UTC),
                risk="low",
            )
            fixture = queries.fixtures(event)[0]
            return {"uid": fixture.uid, AGENCY: agency, OWNER: analyst}

        return make

    def centre_part(part: str) -> Callable[[], dict[str, Any]]:
        """A port centre hosted by a new agency (AGENCY) whose supervisor (OWNER) created it, is
        posted and on duty: the centre, or a posting or an incident of it."""

        def make() -> dict[str, Any]:
            import datetime as dt

            from django.conf import settings
            from django.utils import timezone

            from strait.ports import actions
            from strait.ports.models import Incident, Posting
            from tests.factories import AgencyFactory

            agency = AgencyFactory(node_code=settings.NODE.code)
            boss = make_user(agency=agency, role=Role.SUPERVISOR)
            texts = dict.fromkeys(("ar", "es", "fr", "en"), "Harness")
            centre = actions.create_centre(
                boss, code="harness", names=texts, port="MAPTM", country="MA"
            )
            made = {"uid": centre.obj.uid, AGENCY: agency, OWNER: boss}
            if part == "centre":
                return made
            actions.post_agent(
                boss,
                centre,
                agency=agency.code,
                username=boss.username,
                name="Harness",
                role="coordinator",
                # From yesterday: the shift below starts an hour ago, yesterday after midnight.
                starts=timezone.localdate() - dt.timedelta(days=1),
            )
            posting = Posting.objects.get(centre=centre)
            if part == "posting":
                return made | {"posting": posting.uid}
            now = timezone.now()
            actions.add_shift(
                boss,
                centre,
                starts_at=now - dt.timedelta(hours=1),
                ends_at=now + dt.timedelta(hours=1),
                postings=[posting.uid],
            )
            actions.record_incident(boss, centre, kind="other", at=now, summary="Harness")
            return made | {"incident": Incident.objects.get(centre=centre).uid}

        return make

    def manifests(part: str) -> Callable[[], dict[str, Any]]:
        """A port centre of a new agency (AGENCY), or a sailing its supervisor (OWNER) screened
        there (the centre's rows written directly, as tests/ports/manifest_scene.py does)."""

        def make() -> dict[str, Any]:
            import datetime as dt

            from django.conf import settings
            from django.utils import timezone

            from strait.ports import screening
            from tests.factories import AgencyFactory
            from tests.ports.manifest_scene import make_centre

            agency = AgencyFactory(node_code=settings.NODE.code)
            boss = make_user(agency=agency, role=Role.SUPERVISOR)
            centre = make_centre(agency, [], code="harness")
            made = {"uid": centre.obj.uid, AGENCY: agency, OWNER: boss}
            if part == "centre":
                return made
            found = screening.upload(
                boss,
                centre=centre,
                vessel="Harness",
                rotation="",
                departs_at=timezone.now() + dt.timedelta(hours=1),
                from_port="MAPTM",
                to_port="ESALG",
                rows=[{"name": "Harness Traveller"}],
            )
            return made | {"uid": found.uid}

        return make

    def transit_operation() -> dict[str, Any]:
        """The 2025 transit operation a new agency (AGENCY) opened, its supervisor (OWNER)."""
        from django.conf import settings

        from tests.factories import AgencyFactory
        from tests.factories.transit import make_operation

        lead = AgencyFactory(node_code=settings.NODE.code)
        supervisor = make_user(agency=lead, role=Role.SUPERVISOR)
        op = make_operation(supervisor)
        return {"year": op.year, AGENCY: lead, OWNER: supervisor}

    def gov_meeting(body: Any) -> Any:
        from tests.factories.governance import MeetingFactory

        return MeetingFactory(body=body)

    def gov_action(body: Any) -> Any:
        from tests.factories.governance import ActionItemFactory, RecommendationFactory

        return ActionItemFactory(recommendation=RecommendationFactory(body=body))

    def gov_evidence(body: Any) -> Any:
        from tests.factories.governance import EvidenceFactory

        return EvidenceFactory(action=gov_action(body))

    return {
        "governance:body": governance(),
        "governance:body_member_add": governance(),
        "governance:body_member_remove": governance(),
        **{
            f"governance:{name}": governance()
            for name in ("body_edit", "meeting_new", "recommendation_new")
        },
        **{
            f"governance:{name}": governance(uid=lambda body, _owner: gov_meeting(body).uid)
            for name in (
                "meeting",
                "meeting_edit",
                "meeting_attendees",
                "meeting_agenda",
                "meeting_decision",
                "meeting_minutes",
                "meeting_statement",
            )
        },
        "governance:meeting_sign": governance(
            Role.CHAIR, uid=lambda body, _owner: gov_meeting(body).uid
        ),
        **{
            f"governance:{name}": governance(
                uid=lambda body, _owner: gov_action(body).recommendation.uid
            )
            for name in ("recommendation", "action_add")
        },
        **{
            f"governance:{name}": governance(uid=lambda body, _owner: gov_action(body).uid)
            for name in ("action_status", "evidence_add")
        },
        "governance:evidence_remove": governance(uid=lambda body, _owner: gov_evidence(body).uid),
        **{f"operations:{name}": operation for name in operation_pages},
        "operations:section": lambda: operation() | {"name": "relations"},
        "alerts:draft": alert("draft"),
        "alerts:submit": alert("draft"),
        "alerts:review": alert("submitted"),
        "alerts:take_back": alert("submitted"),
        **{
            f"alerts:{name}": alert("released")
            for name in ("detail", "acknowledge", "measure", "update", "extend", "withdraw")
        },
        "situation:surge": alert("released"),
        **{
            f"transit:{name}": transit_operation
            for name in ("year", "enter", "import", "csv", "pdf")
        },
        **{
            f"events:{name}": event_part("event")
            for name in (
                "detail",
                "centre",
                "map",
                "venue_new",
                "fixture_new",
                "liaison_new",
                "link_alert",
                "link_entry",
                "after_action",
                "after_action_pdf",
            )
        },
        "events:fixture": event_part("fixture"),
        "events:entry": event_part("entry"),
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
        "entities:import_template": lambda: {"fmt": "csv"},
        "checks:check": checks(uid="check"),
        "checks:ask_details": checks(uid="check", agency="partner"),
        "checks:incoming": checks(uid="incoming"),
        # BODY: the candidate a decision names (the API takes it in the body).
        "checks:decide": checks(uid="incoming", **{BODY: "candidate"}),
        "checks:opening_remove": checks(uid="opening"),
        "exchange:thread": exchange("thread_uid"),
        "exchange:close_thread": exchange("thread_uid"),
        "exchange:reply": exchange("uid"),
        "exchange:correct": exchange("uid"),
        "exchange:consent_request": exchange("uid"),
        "exchange:forward": exchange("uid"),
        "exchange:export": exchange("uid"),
        "exchange:attachment": exchange("uid", "attachment"),
        "exchange:consent_answer": consent,
        "federation:peer": peer,
        "federation:peer_retry": peer,
        **{
            f"ports:{name}": centre_part("centre")
            for name in (
                "centre",
                "log",
                "roster",
                "post_agent",
                "rule",
                "incident_new",
                "counters",
            )
        },
        "ports:end_posting": centre_part("posting"),
        "ports:incident": centre_part("incident"),
        "ports:manifests": manifests("centre"),
        "ports:sailing": manifests("sailing"),
        "ports:sailing_progress": manifests("sailing"),
        "audit:entry": audit_entry,
        "agencies:agency": agency,
        "accounts:user_edit": user,
        "accounts:api_token_revoke": api_token,
        **{
            f"governance:{name}": governance(uid=lambda body, _owner: gov_course(body).uid)
            for name in ("course", "course_status", "course_participants", "course_evaluation")
        },
        **{
            f"governance:{name}": governance(uid=lambda body, _owner: gov_document(body).uid)
            for name in ("document", "document_download")
        },
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
            pytest.fail(f"{route.name} has parameters {route.params}: add it to sample_kwargs")
        kwargs, owner, owner_user = sample_params(samples[route.name]() if route.params else {})
        url = reverse(route.name, kwargs=kwargs or None)

        for method in ("get", "post"):
            anonymous = getattr(Client(), method)(url)
            where = (route.name, method, "anonymous", anonymous.status_code)
            if declared == "signed":  # node-to-node: no session; each envelope is signed
                # POST without an envelope: refused (400, 415), never served nor a server error.
                assert anonymous.status_code in (200, 400, 405, 415), where
            elif declared == "public":
                assert anonymous.status_code in (200, 302, 405), where
            else:
                # 405 before the login: a method the view never serves.
                assert is_login_redirect(anonymous) or (
                    method == "post" and anonymous.status_code == 405
                ), where
        if declared in ("signed", "public"):
            continue

        # Password alone (no second factor) is not enough for any protected page.
        half = Client()
        half.force_login(make_user(role=role_with(declared)))
        for method in ("get", "post"):
            response = getattr(half, method)(url)
            assert is_login_redirect(response), (route.name, method, "password only")

        lacking = role_without(declared)
        if lacking is not None:
            client = verified_client(role=lacking)
            for method in ("get", "post"):
                denied = getattr(client, method)(url)
                assert denied.status_code in (403, 404), (
                    route.name,
                    method,
                    lacking,
                    denied.status_code,
                )

        if owner_user is not None and role_has(owner_user.role, declared):
            allowed_client = verified_client(owner_user)
        else:
            in_agency = {"agency": owner} if owner is not None else {}
            allowed_client = verified_client(role=role_with(declared), **in_agency)
        allowed = allowed_client.get(url)
        # 405: a POST-only action reached past the permission check.
        assert allowed.status_code in (200, 302, 405), (route.name, "get", allowed.status_code)
        # An empty form: shown again with its errors (200, 400), or the action refused or done
        # (302); 405 for a page that takes no POST. Never a server error nor a refusal.
        posted = allowed_client.post(url)
        assert posted.status_code in (200, 302, 400, 405), (route.name, "post", posted.status_code)
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


# The cross-agency probe (issue 11): another agency's object is not found, whoever asks.

# The smallest valid body of each API operation with an object that takes one: a body the
# schema refuses (422) would hide whether the object was found.
API_BODIES: dict[str, dict[str, Any]] = {
    "reply": {"body": "Harness"},
    "correct": {"kind": "rectification", "text": "Harness"},
    "ask_consent": {"purpose": "export", "reason": "Harness"},
    "forward": {"channel": "harness", "to": "harness"},
    "answer_consent": {"granted": False},
    "ask_details": {"agency": "harness"},
    "decide": {"candidate": 1, "verdict": "unsure"},
    "export_approve": {},
    "export_refuse": {},
    # Joint operations: each op's smallest body (its values name nothing that exists).
    "operation_update": {"status": "active", "purpose": "Harness"},
    "operation_share_entity": {"kind": "person", "record": "00000000-0000-4000-8000-000000000001"},
    "operation_withdraw_entity": {"entity": "00000000-0000-4000-8000-000000000001"},
    "operation_add_relation": {
        "source": "00000000-0000-4000-8000-000000000001",
        "target": "00000000-0000-4000-8000-000000000002",
        "kind": "calls",
    },
    "operation_remove_relation": {"relation": "00000000-0000-4000-8000-000000000001"},
    "operation_add_timeline": {"kind": "other", "at": "2026-01-01T00:00:00Z", "text": "Harness"},
    "operation_add_task": {"title": "Harness", "owner_agency": "harness"},
    "operation_set_task_status": {"task": "00000000-0000-4000-8000-000000000001", "status": "done"},
    "operation_add_note": {"text": "Harness"},
    "operation_link_thread": {"thread": "00000000-0000-4000-8000-000000000001"},
    "operation_record_outcome": {"kind": "arrest", "on": "2026-01-01", "country": "MA"},
    "operation_correct_outcome": {
        "outcome": "00000000-0000-4000-8000-000000000001",
        "kind": "arrest",
        "on": "2026-01-01",
        "country": "MA",
    },
    "operation_add_participant": {"agency": "harness"},
    "operation_remove_participant": {"agency": "harness"},
    "operation_set_role": {"agency": "harness", "role": "observer"},
    "operation_set_ceiling": {"handling": "H2"},
    "operation_add_member": {"username": "harness"},
    "operation_remove_member": {"agency": "harness", "username": "harness"},
}
API_BODIES["situation_set_level"] = {"level": "low"}
API_BODIES["ports_upload_manifest"] = {
    "vessel": "Harness",
    "departs_at": "2030-06-01T10:00:00+00:00",
    "from_port": "MAPTM",
    "to_port": "ESALG",
    "rows": [{"name": "Harness Traveller"}],
}
# Transit: one day of a port (the caller's side decides whether it may enter it).
API_BODIES["transit_enter_figures"] = {
    "rows": [
        {
            "port": "tanger-med",
            "day": "2025-07-01",
            "direction": "to_ma",
            "passengers": 1,
            "vehicles": 1,
            "rotations": 1,
            "wait_avg": 1,
            "wait_max": 1,
        }
    ]
}
API_BODIES["transit_figures"] = API_BODIES["transit_enter_figures"]
# Events: each POST's smallest body (a venue outside the event's hosts, an empty assessment).
API_BODIES["events_log_information"] = {
    "at": "2026-01-01T00:00:00Z",
    "source": "other",
    "information": "Harness",
}
API_BODIES["events_log"] = API_BODIES["events_log_information"]
API_BODIES["events_add_venue"] = {
    "code": "harness",
    "names": {"en": "Harness"},
    "kind": "stadium",
    "city": "Harness",
    "country": "MA",
    "lat": 34.0,
    "lon": -6.8,
}
API_BODIES["events_assess"] = {"risk": "low", "text": "Harness"}
API_BODIES["events_add_fixture"] = {
    "home_team": "A",
    "away_team": "B",
    "venue": "luz",
    "kick_off": "2030-06-02T18:00:00Z",
    "risk": "low",
}
API_BODIES["events_post_liaison"] = {
    "name": "Harness",
    "starts": "2030-06-01",
    "ends": "2030-06-30",
}
API_BODIES["events_after_action"] = {"summary": {"en": "Harness"}}
API_BODIES["events_set_risk"] = {"risk": "high", "reason": "Harness"}
API_BODIES["events_link_alert"] = {"alert": "00000000-0000-4000-8000-000000000001"}
API_BODIES["events_link_knowledge"] = {"entry": "00000000-0000-4000-8000-000000000001"}
# Alerts: each POST's smallest body (a draft edit is a whole draft; nothing it names exists).
API_BODIES["alert_edit_draft"] = {"type": "event_threat", "title": "Harness"}
API_BODIES["alert_return_draft"] = {"note": "Harness"}
API_BODIES["alert_submit_draft"] = {}
API_BODIES["alert_release"] = {}
API_BODIES["alert_get_draft"] = API_BODIES["alert_edit_draft"]
API_BODIES["alert_update"] = {"title": "Harness"}
API_BODIES["alert_extend"] = {"valid_until": "2099-01-01T00:00:00Z"}
API_BODIES["alert_withdraw"] = {"reason": "Harness"}
API_BODIES["alert_acknowledge"] = {"kind": "received"}
API_BODIES["alert_add_measure"] = {"text": "Harness"}
# Governance: each op's smallest body (nothing it names exists, or a harmless change).
API_BODIES["governance_update_body"] = {}
API_BODIES["governance_schedule_meeting"] = {"starts_on": "2026-01-01", "place": "Harness"}
API_BODIES["governance_update_meeting"] = API_BODIES["governance_schedule_meeting"]
API_BODIES["governance_add_recommendation"] = {"texts": {"en": "Harness"}}
API_BODIES["governance_set_attendees"] = {"attendees": []}
API_BODIES["governance_set_agenda"] = {"items": []}
API_BODIES["governance_add_decision"] = {"texts": {"en": "Harness"}}
API_BODIES["governance_write_minutes"] = {"language": "en", "text": "Harness"}
API_BODIES["governance_sign_minutes"] = {}
API_BODIES["governance_add_action"] = {"title": {"en": "Harness"}, "deadline": "2026-01-01"}
API_BODIES["governance_set_action_status"] = {"status": "planned"}
API_BODIES["governance_add_evidence"] = {"kind": "channel", "ref": "harness"}
API_BODIES["governance_remove_evidence"] = {}
API_BODIES["governance_publish_statement"] = {"fmt": "json"}
API_BODIES["governance_meetings"] = API_BODIES["governance_schedule_meeting"]
API_BODIES["governance_recommendations"] = API_BODIES["governance_add_recommendation"]
# Ports (centres): each op's smallest body (the incident sample's coordinator is on duty).
API_BODIES["ports_log_entry"] = {"kind": "information", "text": "Harness"}
API_BODIES["ports_log"] = API_BODIES["ports_log_entry"]
API_BODIES["ports_add_shift"] = {
    "starts_at": "2026-01-01T00:00:00Z",
    "ends_at": "2026-01-01T08:00:00Z",
    "postings": [],
}
API_BODIES["ports_post_agent"] = {
    "agency": "harness",
    "username": "harness",
    "name": "Harness",
    "role": "agent",
    "starts": "2026-01-01",
}
API_BODIES["ports_end_posting"] = {}
API_BODIES["ports_set_rule"] = {"retention_hours": 24}
API_BODIES["ports_record_incident"] = {"kind": "other", "summary": "Harness"}
API_BODIES["ports_incidents"] = API_BODIES["ports_record_incident"]
API_BODIES["ports_update_incident"] = {}
API_BODIES["ports_incident"] = API_BODIES["ports_update_incident"]
API_BODIES["ports_report_counts"] = {"day": "2026-01-01", "asked": 0, "answered": 0, "hits": 0}
# A GET sharing its path with a POST is probed with that POST's body too.
API_BODIES["operation_entities"] = API_BODIES["operation_share_entity"]
API_BODIES["operation_relations"] = API_BODIES["operation_add_relation"]
API_BODIES["operation_timeline"] = API_BODIES["operation_add_timeline"]


def api_samples(make_user: Callable[..., User]) -> dict[str, Callable[[], dict[str, Any]]]:
    """How to fill each API operation's path with an object of a new agency (AGENCY): the page
    samples, under the API's parameter names."""
    pages = sample_kwargs(make_user)

    def like(
        page: str, body: Callable[[dict[str, Any]], dict[str, Any]] | None = None, **names: str
    ) -> Callable[[], dict[str, Any]]:
        def make() -> dict[str, Any]:
            sample = pages[page]()
            made = {api_name: sample[name] for api_name, name in names.items()} | {
                key: sample[key] for key in (AGENCY, OWNER) if key in sample
            }
            return made | ({BODY: body(sample)} if body is not None else {})

        return make

    message = like("exchange:reply", uid="uid")
    check = like("checks:check", uid="uid")
    incoming = like("checks:incoming", uid="uid")
    details = like("checks:ask_details", lambda made: {"agency": made["agency"]}, uid="uid")
    decision = like(
        "checks:decide",
        lambda made: {"candidate": made[BODY], "verdict": "unsure"},
        uid="uid",
    )
    export_request = like("entities:export_decide", uid="uid")
    record = like("entities:detail", kind="kind", uid="uid")

    def picture_part(part: str) -> Callable[[], dict[str, Any]]:
        """A segment (its code) or a crossing report (its uid) of the situation picture a new
        agency (AGENCY) opened; its officer (OWNER) owns the segment and reported the crossing."""

        def make() -> dict[str, Any]:
            from django.conf import settings
            from django.utils import timezone

            from strait.situation import actions
            from tests.factories import AgencyFactory

            agency = AgencyFactory(node_code=settings.NODE.code)
            officer = make_user(agency=agency, role=Role.OFFICER)
            pic = actions.open_picture(officer, title="Harness")
            names = dict.fromkeys(("ar", "es", "fr", "en"), "Harness")
            points = [("35.9", "-5.4"), ("35.8", "-5.3")]
            actions.add_segment(
                officer, pic, code="harness", names=names, shape="line", points=points
            )
            if part == "segment":
                return {"code": "harness", AGENCY: agency, OWNER: officer}
            change = actions.report_crossing(
                officer,
                pic,
                at=timezone.now(),
                lat=35.9,
                lon=-5.4,
                people=1,
                boat="kayak",
                outcome="rescued",
            )
            return {"uid": change.body["uid"], AGENCY: agency, OWNER: officer}

        return make

    def event_match() -> dict[str, Any]:
        """The match of the page sample, by its event's uid and its own."""
        from strait.events.models import Fixture

        sample = pages["events:fixture"]()
        found = Fixture.objects.select_related("event__obj").get(uid=sample["uid"])
        return {"uid": found.event.uid, "match": found.uid} | {
            key: sample[key] for key in (AGENCY, OWNER)
        }

    def transit() -> dict[str, Any]:
        """The transit operation of the page sample, by its uid."""
        from strait.transit.models import Operation

        sample = pages["transit:year"]()
        found = Operation.objects.get(year=sample["year"], obj__home_agency=sample[AGENCY])
        return {"uid": found.obj.uid, AGENCY: sample[AGENCY], OWNER: sample[OWNER]}

    governance = {
        **{
            name: like("governance:body", uid="uid")
            for name in (
                "governance_body",
                "governance_update_body",
                "governance_meetings",
                "governance_schedule_meeting",
                "governance_recommendations",
                "governance_add_recommendation",
            )
        },
        **{
            name: like("governance:meeting", uid="uid")
            for name in (
                "governance_meeting",
                "governance_update_meeting",
                "governance_set_attendees",
                "governance_set_agenda",
                "governance_add_decision",
                "governance_write_minutes",
                "governance_publish_statement",
            )
        },
        "governance_sign_minutes": like("governance:meeting_sign", uid="uid"),
        **{
            name: like("governance:recommendation", uid="uid")
            for name in ("governance_recommendation", "governance_add_action")
        },
        **{
            name: like("governance:action_status", uid="uid")
            for name in (
                "governance_action",
                "governance_set_action_status",
                "governance_add_evidence",
            )
        },
        "governance_remove_evidence": like("governance:evidence_remove", uid="uid"),
        "governance_document_download": like("governance:document", uid="uid"),
    }

    return {
        **governance,
        **{
            name: like("events:detail", uid="uid")
            for name in (
                "events_event",
                "events_log",
                "events_log_information",
                "events_add_venue",
                "events_add_fixture",
                "events_post_liaison",
                "events_after_action",
                "events_link_alert",
                "events_link_knowledge",
            )
        },
        "events_assess": like("events:fixture", uid="uid"),
        "events_set_risk": event_match,
        **dict.fromkeys(("transit_dashboard", "transit_figures", "transit_enter_figures"), transit),
        "situation_segment": picture_part("segment"),
        "situation_set_level": picture_part("segment"),
        "situation_crossing": picture_part("crossing"),
        "ports_upload_manifest": like("ports:manifests", uid="uid"),
        "ports_sailing": like("ports:sailing", uid="uid"),
        **{
            name: like("ports:centre", uid="uid")
            for name in (
                "ports_centre",
                "ports_roster",
                "ports_add_shift",
                "ports_post_agent",
                "ports_set_rule",
                "ports_counters",
                "ports_report_counts",
            )
        },
        **{
            # The incident sample: its coordinator is posted and on duty (writes in the log).
            name: like("ports:incident", uid="uid")
            for name in ("ports_log", "ports_log_entry", "ports_incidents", "ports_record_incident")
        },
        **{
            name: like("ports:incident", uid="uid", incident="incident")
            for name in ("ports_incident", "ports_update_incident")
        },
        "ports_end_posting": like("ports:end_posting", uid="uid", posting="posting"),
        "situation_reaction_log": like("situation:surge", uid="uid"),
        **{
            name: like("alerts:draft", uid="uid")
            for name in ("alert_get_draft", "alert_edit_draft", "alert_submit_draft")
        },
        **{
            name: like("alerts:review", uid="uid")
            for name in ("alert_release", "alert_return_draft")
        },
        **{
            name: like("alerts:detail", uid="uid")
            for name in (
                "alert_get",
                "alert_update",
                "alert_extend",
                "alert_withdraw",
                "alert_acknowledge",
                "alert_add_measure",
            )
        },
        "message": message,
        "reply": message,
        "correct": message,
        "ask_consent": message,
        "forward": message,
        "export": message,
        "thread": like("exchange:thread", thread_uid="thread_uid"),
        "attachment": like("exchange:attachment", uid="uid"),
        "answer_consent": like("exchange:consent_answer", uid="uid"),
        "get_check": check,
        "ask_details": details,
        "incoming": incoming,
        "decide": decision,
        "export_approve": export_request,
        "export_refuse": export_request,
        "export_download": export_request,
        "get_entity": record,
        "erase_entity": record,
        **{
            name: like("operations:detail", uid="uid")
            for name in [
                "get_operation",
                "operation_chart",
                "operation_entities",
                "operation_relations",
                "operation_timeline",
                *(n for n in API_BODIES if n.startswith("operation_")),
            ]
        },
    }


def page_routes_with_objects() -> list[Route]:
    return [r for r in routes() if not is_api(r) and r.params and r.name not in NOT_AGENCY_OBJECTS]


def api_operations_with_objects() -> list[api.Declared]:
    return [d for d in api.operations() if "{" in d.path]


def test_every_url_with_an_object_has_a_sample_of_another_agencys_object() -> None:
    """A new URL or API operation with an object in its path must be probed across agencies:
    give it a sample (sample_kwargs, api_samples), or say in NOT_AGENCY_OBJECTS why its
    parameters name no agency's object."""
    unused: Any = None  # the samples are only listed here, never made
    pages = sample_kwargs(unused)
    missing = [r.name for r in page_routes_with_objects() if r.name not in pages]
    assert not missing, f"URLs with an object but no sample: {missing}"
    stale = [name for name in NOT_AGENCY_OBJECTS if name not in {r.name for r in routes()}]
    assert not stale, f"NOT_AGENCY_OBJECTS names URLs that are gone: {stale}"
    samples = api_samples(unused)
    missing = [d.url_name for d in api_operations_with_objects() if d.url_name not in samples]
    assert not missing, f"API operations with an object but no sample in api_samples: {missing}"
    posts = {d.url_name for d in api_operations_with_objects() if "POST" in d.methods}
    assert posts <= set(API_BODIES), f"no body in API_BODIES for: {sorted(posts - set(API_BODIES))}"


@pytest.fixture
def strangers(make_user: Callable[..., User], settings: Any) -> dict[str, User]:
    """One user of every role (new roles included) in an agency that owns no sample object."""
    from tests.factories import AgencyFactory

    agency = AgencyFactory(node_code=settings.NODE.code)
    return {role: make_user(agency=agency, role=role) for role in ROLE_PERMISSIONS}


@pytest.mark.django_db
def test_another_agencys_object_is_not_found_by_any_role_on_any_page(
    make_user: Callable[..., User],
    verified_client: Callable[..., Client],
    strangers: dict[str, User],
    settings: Any,
    tmp_path: Any,
) -> None:
    """GET and POST of every page with an object, for an object of another agency: 404 for
    every role that holds the page's permission, 403 (or 404) for every role that does not. The
    object's own agency reaches it (else the probe would prove nothing)."""
    from strait.federation.keys import ensure_keys

    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    ensure_keys()
    samples = sample_kwargs(make_user)
    clients = {role: verified_client(user) for role, user in strangers.items()}
    wrong: list[str] = []
    probed = 0
    for route in page_routes_with_objects():
        declared = route.callback.strait_permission
        kwargs, owner, owner_user = sample_params(samples[route.name]())
        if owner is None:
            wrong.append(f"{route.name}: its sample names no owning agency (AGENCY)")
            continue
        url = reverse(route.name, kwargs=kwargs)
        seen = {
            (role, method): getattr(client, method)(url).status_code
            for role, client in clients.items()
            for method in ("get", "post")
        }
        # The control, after the probe (a POST may change the object): its agency reaches it.
        if owner_user is not None and role_has(owner_user.role, declared):
            own = verified_client(owner_user)
        else:
            own = verified_client(role=role_with(declared), agency=owner)
        served = {method: getattr(own, method)(url).status_code for method in ("get", "post")}
        for method, status in served.items():
            if status in (403, 404):
                wrong.append(f"{route.name} {method.upper()}: its own agency gets {status}")
        for (role, method), status in seen.items():
            if not role_has(role, declared):
                allowed = {403, 404}
            elif route.name in NODE_WIDE and role_has(role, NODE_WIDE[route.name]):
                allowed = {served[method]}
            elif served[method] == 405:  # a method the page never serves
                allowed = {404, 405}
            else:
                allowed = {404}
            if status not in allowed:
                wrong.append(f"{route.name} {method.upper()} as {role}: {status}, not {allowed}")
        probed += 1
    assert not wrong, "another agency's object reached:\n" + "\n".join(wrong)
    assert probed >= 20


@pytest.mark.django_db
def test_another_agencys_object_is_not_found_by_any_role_in_the_api(
    make_user: Callable[..., User],
    strangers: dict[str, User],
    settings: Any,
    tmp_path: Any,
) -> None:
    """The same probe for every API operation with an object in its path: GET, POST and the
    operation's own method, with each stranger's bearer token."""
    from strait.federation.keys import ensure_keys

    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    ensure_keys()
    samples = api_samples(make_user)
    tokens_of = {role: bearer(user) for role, user in strangers.items()}
    # What each path serves: method -> permission (several operations may share a path).
    serves: dict[str, dict[str, Permission]] = {}
    for d in api.operations():
        for method in d.methods:
            assert d.permission is not None, d.url_name
            serves.setdefault(d.path, {})[method] = d.permission
    wrong: list[str] = []
    probed = 0
    for declared in api_operations_with_objects():
        assert declared.permission is not None, declared.url_name
        sample = samples[declared.url_name]()
        kwargs, owner, owner_user = sample_params(sample)
        if owner is None:
            wrong.append(f"{declared.url_name}: its sample names no owning agency (AGENCY)")
            continue
        url = reverse(f"api:{declared.url_name}", kwargs=kwargs)
        body = json.dumps(sample.get(BODY, API_BODIES.get(declared.url_name, {})))

        def call(method: str, headers: Any, url: str = url, body: str = body) -> int:
            response = Client().generic(
                method, url, body, content_type="application/json", **headers
            )
            return int(response.status_code)

        methods = dict.fromkeys(("GET", "POST", *declared.methods))
        for role, headers in tokens_of.items():
            for method in methods:
                permission = serves[declared.path].get(method)
                if permission is None:
                    allowed = {405}
                elif role_has(role, permission):
                    allowed = {404}
                else:
                    allowed = {403, 404}
                status = call(method, headers)
                if status not in allowed:
                    wrong.append(f"{declared.url_name} {method} as {role}: {status}, not {allowed}")
        # The control, after the probe: the object's own agency gets past the lookup.
        if owner_user is not None and role_has(owner_user.role, declared.permission):
            own = owner_user
        else:
            own = make_user(role=role_with(declared.permission), agency=owner)
        status = call(declared.methods[0], bearer(own))
        if status in (401, 403, 404, 405, 422):
            wrong.append(f"{declared.url_name}: its own agency gets {status}")
        probed += 1
    assert not wrong, "another agency's object reached:\n" + "\n".join(wrong)
    assert probed >= 15
