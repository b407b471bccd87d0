"""Node administrators create, change, deactivate and reactivate users; every write audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User, UserSession
from strait.audit.events import AuditAction
from strait.permissions import Role
from tests.accounts.conftest import actions, log_in, password_step
from tests.factories import AgencyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tide tables at tarifa 2030"


@pytest.fixture
def admin(local_agency: Any) -> User:
    user: User = UserFactory(username="node.admin", agency=local_agency, role=Role.NODE_ADMIN)
    return user


@pytest.fixture
def admin_client(admin: User, verified_client: Callable[..., Client]) -> Client:
    return verified_client(admin)


def create_data(for_agency: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "Rachid.Haddad",
        "full_name": "Rachid Haddad",
        "email": "r.haddad@example.org",
        "agency": for_agency.pk,
        "unit": "",
        "role": Role.ANALYST,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_user_list_shows_and_filters_users(admin_client: Client, local_agency: Any) -> None:
    other = AgencyFactory(node_code=local_agency.node_code)
    UserFactory(username="in.first", agency=local_agency, role=Role.OFFICER)
    UserFactory(username="in.second", agency=local_agency, role=Role.ANALYST, is_active=False)
    # Another agency of the same node: its users are not the administrator's (issue 11).
    UserFactory(username="in.other", agency=other, role=Role.OFFICER)
    url = reverse("accounts:user_list")
    page = admin_client.get(url).content.decode()
    assert "in.first" in page
    assert "in.second" in page
    assert "in.other" not in page

    by_agency = admin_client.get(url, {"agency": local_agency.pk}).content.decode()
    assert "in.first" in by_agency
    assert "in.second" in by_agency
    assert "in.other" not in admin_client.get(url, {"agency": other.pk}).content.decode()
    by_role = admin_client.get(url, {"role": Role.OFFICER}).content.decode()
    assert "in.first" in by_role
    assert "in.second" not in by_role
    assert "in.other" not in by_role
    inactive = admin_client.get(url, {"active": "no"}).content.decode()
    assert "in.second" in inactive
    assert "in.first" not in inactive
    # A nonsense filter is a form error, not a crash.
    assert admin_client.get(url, {"agency": "abc", "role": "king"}).status_code == 200


def test_user_management_needs_the_permission(verified_client: Callable[..., Client]) -> None:
    client = verified_client(role=Role.SUPERVISOR)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_create"), {}).status_code == 403


def test_create_user(admin_client: Client, admin: User, local_agency: Any) -> None:
    unit = UnitFactory(agency=local_agency)
    response = admin_client.post(
        reverse("accounts:user_create"), create_data(local_agency, unit=unit.pk)
    )
    user = User.objects.get(username="rachid.haddad")
    assert response["Location"] == reverse("accounts:user_edit", args=[user.pk]) + "?done=created"
    assert (user.full_name, user.agency, user.unit, user.role) == (
        "Rachid Haddad",
        local_agency,
        unit,
        Role.ANALYST,
    )
    assert check_password(NEW_PASSWORD, user.password)
    [created] = actions(AuditAction.USER_CREATED)
    assert (created.actor, created.target) == (admin.username, "rachid.haddad")
    assert created.details == {"agency": local_agency.code, "unit": unit.code, "role": "analyst"}
    page = admin_client.get(response["Location"]).content.decode()
    assert "enrol their second factor" in page

    # The new user's first login goes to enrolment.
    assert password_step(Client(), "rachid.haddad", NEW_PASSWORD)["Location"] == reverse(
        "accounts:enroll"
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password123456", "password2": "password123456"}, "password1", "too common"),
        ({"password2": "something else entirely"}, "password2", "differ"),
        ({"username": "bad name!"}, "username", "Enter a valid username"),
        ({"username": "x" * 151}, "username", "at most 150"),
        ({"role": "king"}, "role", "Select a valid choice"),
        ({"agency": ""}, "agency", "required"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_create_user_form_errors(
    admin_client: Client, local_agency: Any, overrides: dict, field: str, message: str
) -> None:
    response = admin_client.post(
        reverse("accounts:user_create"), create_data(local_agency, **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in str(errors[field]), errors
    assert not User.objects.filter(full_name="Rachid Haddad").exists()
    assert not actions(AuditAction.USER_CREATED)


def test_create_user_refuses_a_unit_of_another_agency(
    admin_client: Client, local_agency: Any
) -> None:
    foreign_unit = UnitFactory(agency=AgencyFactory(node_code=local_agency.node_code))
    response = admin_client.post(
        reverse("accounts:user_create"), create_data(local_agency, unit=foreign_unit.pk)
    )
    assert response.status_code == 200
    assert "does not belong to the chosen agency" in str(response.context["form"].errors["unit"])
    assert not User.objects.filter(username="rachid.haddad").exists()


def test_create_user_refuses_a_duplicate_username_in_any_spelling(
    admin_client: Client, local_agency: Any
) -> None:
    UserFactory(username="rachid.haddad", agency=local_agency)
    response = admin_client.post(
        reverse("accounts:user_create"), create_data(local_agency, username=" RACHID.haddad")
    )
    assert "already exists" in str(response.context["form"].errors["username"])
    assert User.objects.filter(username="rachid.haddad").count() == 1


def test_create_user_refuses_an_agency_of_another_node(admin_client: Client) -> None:
    elsewhere = AgencyFactory(node_code="elsewhere")
    response = admin_client.post(reverse("accounts:user_create"), create_data(elsewhere))
    assert "agency" in response.context["form"].errors
    assert not User.objects.filter(username="rachid.haddad").exists()


def test_edit_user_audits_before_and_after(
    admin_client: Client, admin: User, local_agency: Any
) -> None:
    unit = UnitFactory(agency=local_agency)
    user = UserFactory(
        username="edited", full_name="Old Name", agency=local_agency, role=Role.OFFICER
    )
    url = reverse("accounts:user_edit", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "action": "save",
            "full_name": "New Name",
            "email": "",
            "unit": unit.pk,
            "role": Role.SUPERVISOR,
            "language": "fr",
        },
    )
    assert response["Location"] == url + "?done=saved"
    user.refresh_from_db()
    assert (user.full_name, user.unit, user.role, user.language) == (
        "New Name",
        unit,
        Role.SUPERVISOR,
        "fr",
    )
    [changed] = actions(AuditAction.USER_CHANGED)
    assert changed.actor == admin.username
    assert changed.details["changes"] == {
        "full_name": {"before": "Old Name", "after": "New Name"},
        "unit": {"before": None, "after": unit.code},
        "role": {"before": "officer", "after": "supervisor"},
        "language": {"before": "", "after": "fr"},
    }
    [role] = actions(AuditAction.ROLE_CHANGED)
    assert role.details == {"before": "officer", "after": "supervisor"}


def test_saving_without_changes_writes_no_audit_row(
    admin_client: Client, local_agency: Any
) -> None:
    user = UserFactory(full_name="Same", agency=local_agency, role=Role.OFFICER)
    admin_client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "action": "save",
            "full_name": "Same",
            "email": "",
            "unit": "",
            "role": Role.OFFICER,
            "language": "",
        },
    )
    assert not actions(AuditAction.USER_CHANGED)


def test_edit_refuses_a_unit_of_another_agency(admin_client: Client, local_agency: Any) -> None:
    user = UserFactory(agency=local_agency)
    foreign_unit = UnitFactory(agency=AgencyFactory(node_code=local_agency.node_code))
    response = admin_client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "action": "save",
            "full_name": "X",
            "unit": foreign_unit.pk,
            "role": Role.OFFICER,
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["edit_form"].errors
    user.refresh_from_db()
    assert user.unit is None


def test_admin_cannot_change_own_role(admin_client: Client, admin: User) -> None:
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin.pk]),
        {
            "action": "save",
            "full_name": admin.full_name,
            "role": Role.OFFICER,
        },
    )
    assert response.status_code == 200
    assert "cannot change your own role" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.NODE_ADMIN


def test_deactivate_and_reactivate(admin_client: Client, local_agency: Any) -> None:
    user = UserFactory(username="leaving", agency=local_agency)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    victim = Client()
    log_in(victim, user, device)
    assert victim.get("/").status_code == 200

    url = reverse("accounts:user_edit", args=[user.pk])
    assert admin_client.post(url, {"action": "deactivate"})["Location"] == url + "?done=deactivated"
    user.refresh_from_db()
    assert not user.is_active
    assert not UserSession.objects.filter(user=user).exists()
    assert victim.get("/")["Location"].startswith(reverse("accounts:login"))
    [entry] = actions(AuditAction.USER_DEACTIVATED)
    assert entry.target == "leaving"

    assert admin_client.post(url, {"action": "reactivate"})["Location"] == url + "?done=reactivated"
    user.refresh_from_db()
    assert user.is_active
    assert [e.target for e in actions(AuditAction.USER_REACTIVATED)] == ["leaving"]


def test_admin_cannot_deactivate_themselves(admin_client: Client, admin: User) -> None:
    response = admin_client.post(
        reverse("accounts:user_edit", args=[admin.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 200
    assert "cannot deactivate yourself" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active
    assert admin_client.get("/").status_code == 200


def test_set_password(admin_client: Client, local_agency: Any) -> None:
    user = UserFactory(agency=local_agency)
    url = reverse("accounts:user_edit", args=[user.pk])
    weak = admin_client.post(
        url, {"action": "set_password", "password1": "123456789012", "password2": "123456789012"}
    )
    assert "password1" in weak.context["password_form"].errors
    response = admin_client.post(
        url, {"action": "set_password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == url + "?done=password"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert len(actions(AuditAction.PASSWORD_CHANGED)) == 1


def test_reset_second_factor_sends_user_back_to_enrolment(
    admin_client: Client, local_agency: Any
) -> None:
    user = UserFactory(agency=local_agency)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    victim = Client()
    log_in(victim, user, device)
    url = reverse("accounts:user_edit", args=[user.pk])
    assert admin_client.post(url, {"action": "reset_second_factor"})["Location"].endswith(
        "?done=second_factor"
    )
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert victim.get("/")["Location"].startswith(reverse("accounts:login"))
    [entry] = actions(AuditAction.USER_CHANGED)
    assert entry.details["changes"]["second_factor"] == {"before": "enrolled", "after": "reset"}
    assert password_step(Client(), user.username)["Location"] == reverse("accounts:enroll")


def test_unknown_action_is_a_bad_request(admin_client: Client, local_agency: Any) -> None:
    user = UserFactory(agency=local_agency)
    url = reverse("accounts:user_edit", args=[user.pk])
    assert admin_client.post(url, {"action": "promote"}).status_code == 400
    assert admin_client.post(url, {}).status_code == 400


def test_unknown_user_is_404(admin_client: Client) -> None:
    assert admin_client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404
