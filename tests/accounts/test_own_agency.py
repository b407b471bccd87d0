"""A node administrator manages the users of their own agency only (issue 11, finding 1).

The probe: ``ma.admin`` (DGSN) created a user in DGST, logged in as it and read DGST's messages;
they could also reset DGST users' passwords and second factors. Another agency's user now answers
404 on every page of user management, the create form offers only the administrator's agency and
refuses another, and the actions refuse it whoever calls them. The operator's command line
(``strait createuser``, shell access) stays node-wide.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts import actions
from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.permissions import Role
from strait.refusals import NotPermitted, Refused
from tests.factories import PASSWORD, AgencyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tide tables at tarifa 2030"


@pytest.fixture
def dgsn(local_agency: Any) -> Any:
    return local_agency


@pytest.fixture
def dgst(dgsn: Any) -> Any:
    """Another agency whose users live on the same node."""
    return AgencyFactory(node_code=dgsn.node_code)


@pytest.fixture
def admin(dgsn: Any) -> User:
    user: User = UserFactory(username="ma.admin", agency=dgsn, role=Role.NODE_ADMIN)
    return user


@pytest.fixture
def admin_client(admin: User, verified_client: Callable[..., Client]) -> Client:
    return verified_client(admin)


@pytest.fixture
def dgst_user(dgst: Any) -> User:
    user: User = UserFactory(username="dgst.someone", agency=dgst, role=Role.ANALYST)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def create_data(agency: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "planted",
        "full_name": "Planted Account",
        "email": "",
        "agency": agency.pk,
        "unit": "",
        "role": Role.ANALYST,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    return data | overrides


def audit_rows() -> list[str]:
    return list(AuditEntry.objects.values_list("action", flat=True))


def test_probe_admin_cannot_create_a_user_in_another_agency(
    admin_client: Client, dgst: Any
) -> None:
    before = audit_rows()
    response = admin_client.post(reverse("accounts:user_create"), create_data(dgst))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "own agency" in str(errors["agency"]), errors
    assert not User.objects.filter(username="planted").exists()
    assert audit_rows() == before
    # So there is no account of the other agency to log in with and read its messages.
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "planted", "password": NEW_PASSWORD})
        .status_code
        == 200
    )  # the login page again, with its error


def test_create_form_offers_only_the_admins_agency_and_its_units(
    admin_client: Client, dgsn: Any, dgst: Any
) -> None:
    own_unit = UnitFactory(agency=dgsn)
    UnitFactory(agency=dgst)
    form = admin_client.get(reverse("accounts:user_create")).context["form"]
    assert list(form.fields["agency"].queryset) == [dgsn]
    assert list(form.fields["unit"].queryset) == [own_unit]


def test_create_in_own_agency_still_works(admin_client: Client, dgsn: Any) -> None:
    response = admin_client.post(reverse("accounts:user_create"), create_data(dgsn))
    assert response.status_code == 302
    assert User.objects.get(username="planted").agency == dgsn


def test_the_list_shows_only_the_admins_agency(
    admin_client: Client, dgsn: Any, dgst_user: User
) -> None:
    UserFactory(username="dgsn.colleague", agency=dgsn)
    url = reverse("accounts:user_list")
    page = admin_client.get(url).content.decode()
    assert "dgsn.colleague" in page
    assert "dgst.someone" not in page
    # Asking for the other agency by filter shows nothing of it either.
    filtered = admin_client.get(url, {"agency": dgst_user.agency_id})
    assert "dgst.someone" not in filtered.content.decode()
    assert list(filtered.context["form"].fields["agency"].queryset) == [dgsn]


@pytest.mark.parametrize(
    "post",
    [
        {"action": "save", "full_name": "Renamed", "role": Role.NODE_ADMIN, "language": ""},
        {"action": "set_password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"action": "deactivate"},
        {"action": "reactivate"},
        {"action": "reset_second_factor"},
    ],
    ids=lambda p: p["action"],
)
def test_another_agencys_user_is_404_and_untouched(
    admin_client: Client, dgst_user: User, post: dict[str, Any]
) -> None:
    url = reverse("accounts:user_edit", args=[dgst_user.pk])
    before = audit_rows()

    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, post).status_code == 404

    dgst_user.refresh_from_db()
    assert dgst_user.full_name != "Renamed"
    assert dgst_user.role == Role.ANALYST
    assert dgst_user.is_active
    assert dgst_user.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=dgst_user, confirmed=True).exists()
    assert audit_rows() == before


# The actions refuse too, whoever calls them (a view that forgot, an API added later).


def test_action_refuses_to_create_a_user_in_another_agency(admin: User, dgst: Any) -> None:
    with pytest.raises(NotPermitted) as refused:
        actions.do_create_user(
            username="planted",
            full_name="Planted",
            agency=dgst,
            role=Role.ANALYST,
            password=NEW_PASSWORD,
            acting_user=admin,
        )
    assert refused.value.code == "other_agency"
    assert not User.objects.filter(username="planted").exists()


@pytest.mark.parametrize(
    "act",
    [
        lambda user, admin: actions.do_change_user(user, {"role": "node_admin"}, acting_user=admin),
        lambda user, admin: actions.do_set_password(user, NEW_PASSWORD, acting_user=admin),
        lambda user, admin: actions.do_deactivate_user(user, acting_user=admin),
        lambda user, admin: actions.do_reset_second_factor(user, acting_user=admin),
    ],
    ids=["change", "set_password", "deactivate", "reset_second_factor"],
)
def test_actions_refuse_another_agencys_user(
    admin: User, dgst_user: User, act: Callable[[User, User], Any]
) -> None:
    before = audit_rows()
    with pytest.raises(NotPermitted):
        act(dgst_user, admin)
    dgst_user.refresh_from_db()
    assert dgst_user.role == Role.ANALYST
    assert dgst_user.is_active
    assert dgst_user.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=dgst_user).exists()
    assert audit_rows() == before


def test_action_refuses_to_reactivate_another_agencys_user(admin: User, dgst_user: User) -> None:
    User.objects.filter(pk=dgst_user.pk).update(is_active=False)
    dgst_user.refresh_from_db()
    with pytest.raises(NotPermitted):
        actions.do_reactivate_user(dgst_user, acting_user=admin)
    dgst_user.refresh_from_db()
    assert not dgst_user.is_active


@pytest.mark.parametrize("role", [r for r in Role if r != Role.NODE_ADMIN], ids=str)
def test_actions_refuse_a_user_without_the_permission(
    dgsn: Any, make_user: Callable[..., User], role: Role
) -> None:
    """Even in their own agency, only a node administrator manages users."""
    acting = make_user(agency=dgsn, role=role)
    colleague = make_user(agency=dgsn, role=Role.OFFICER)
    with pytest.raises(NotPermitted) as refused:
        actions.do_set_password(colleague, NEW_PASSWORD, acting_user=acting)
    # Refused for the missing permission itself (permissions.require), not as another agency.
    assert refused.value.code == "forbidden"
    with pytest.raises(NotPermitted):
        actions.do_create_user(
            username="planted",
            full_name="Planted",
            agency=dgsn,
            role=Role.NODE_ADMIN,
            password=NEW_PASSWORD,
            acting_user=acting,
        )
    assert not User.objects.filter(username="planted").exists()
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)


def test_a_deactivated_admin_manages_nobody(admin: User, dgsn: Any) -> None:
    colleague = UserFactory(agency=dgsn)
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.refresh_from_db()
    with pytest.raises(Refused):
        actions.do_deactivate_user(colleague, acting_user=admin)
    colleague.refresh_from_db()
    assert colleague.is_active


def test_the_operator_command_line_stays_node_wide(
    monkeypatch: pytest.MonkeyPatch, dgst: Any
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    call_command(
        "createuser",
        "dgst.first.admin",
        "--full-name",
        "First Admin",
        "--agency",
        dgst.code,
        "--role",
        "node_admin",
        "--password-stdin",
        stdout=io.StringIO(),
    )
    assert User.objects.get(username="dgst.first.admin").agency == dgst
    assert AuditEntry.objects.filter(action=AuditAction.USER_CREATED).count() == 1
