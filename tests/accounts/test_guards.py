"""The rules of accounts/actions.py, tokens.py, policy.py and queries.py, each pinned where it
lives (issue 10): the forms check most of them first, so without these tests removing a rule from
an action would leave every page test green while another caller (the API, a command, a future
page) could break it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from strait.accounts import actions, policy, tokens
from strait.accounts.models import User
from strait.accounts.queries import agencies_managed_by, users_manageable_by
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.permissions import ROLE_PERMISSIONS, Permission, Role
from strait.refusals import NotPermitted, Refused
from tests.factories import PASSWORD, AgencyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "lanterns over the strait 2031"


@pytest.fixture
def here() -> Any:
    return AgencyFactory(node_code=settings.NODE.code)


@pytest.fixture
def admin(here: Any) -> User:
    user: User = UserFactory(agency=here, role=Role.NODE_ADMIN)
    return user


def create(agency: Any, **overrides: Any) -> User:
    """do_create_user as the operator's command line calls it (node-wide, no form before it)."""
    kwargs: dict[str, Any] = {
        "username": "new.user",
        "full_name": "New User",
        "agency": agency,
        "role": Role.OFFICER,
        "password": STRONG,
        "acting_user": None,
    }
    return actions.do_create_user(**(kwargs | overrides))


def refused_code(call: Callable[[], Any]) -> str:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.code


def test_create_refuses_a_unit_of_another_agency(here: Any) -> None:
    foreign = UnitFactory(agency=AgencyFactory(node_code=here.node_code))
    assert refused_code(lambda: create(here, unit=foreign)) == "unit_agency"
    assert not User.objects.filter(username="new.user").exists()


def test_change_refuses_a_unit_of_another_agency(here: Any, admin: User) -> None:
    user = UserFactory(agency=here)
    foreign = UnitFactory(agency=AgencyFactory(node_code=here.node_code))
    call = lambda: actions.do_change_user(user, {"unit": foreign}, acting_user=admin)  # noqa: E731
    assert refused_code(call) == "unit_agency"
    user.refresh_from_db()
    assert user.unit is None


@pytest.mark.parametrize("username", ["", "   "])
def test_create_needs_a_username(here: Any, username: str) -> None:
    assert refused_code(lambda: create(here, username=username)) == "username_required"


def test_create_refuses_a_taken_username_in_any_spelling(here: Any) -> None:
    UserFactory(username="new.user", agency=here)
    assert refused_code(lambda: create(here, username=" NEW.User ")) == "username_taken"
    assert User.objects.filter(username="new.user").count() == 1


def test_create_refuses_an_agency_kept_on_another_node() -> None:
    elsewhere = AgencyFactory(node_code="elsewhere")
    assert refused_code(lambda: create(elsewhere)) == "agency"
    assert not User.objects.filter(username="new.user").exists()


def test_create_and_change_refuse_an_unknown_role(here: Any, admin: User) -> None:
    assert refused_code(lambda: create(here, role="king")) == "role"
    user = UserFactory(agency=here, role=Role.OFFICER)
    assert (
        refused_code(lambda: actions.do_change_user(user, {"role": "king"}, acting_user=admin))
        == "role"
    )
    user.refresh_from_db()
    assert user.role == Role.OFFICER


def test_create_refuses_a_weak_password(here: Any) -> None:
    with pytest.raises(Refused) as refused:
        create(here, password="123456789012")
    assert refused.value.code == "weak_password"
    assert refused.value.problems[0][0] == "password1"
    assert not User.objects.filter(username="new.user").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.USER_CREATED).exists()


def test_set_password_refuses_a_weak_password(here: Any, admin: User) -> None:
    user = UserFactory(agency=here)
    call = lambda: actions.do_set_password(user, "password123456", acting_user=admin)  # noqa: E731
    assert refused_code(call) == "weak_password"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_change_refuses_a_field_that_is_not_changeable(here: Any, admin: User) -> None:
    user = UserFactory(agency=here)
    with pytest.raises(ValueError, match="is_active"):
        actions.do_change_user(user, {"is_active": False}, acting_user=admin)
    user.refresh_from_db()
    assert user.is_active


def test_policy_can_manage(here: Any, admin: User) -> None:
    colleague = UserFactory(agency=here)
    stranger = UserFactory(agency=AgencyFactory(node_code=here.node_code))
    assert policy.can_manage(admin, colleague)
    assert not policy.can_manage(admin, stranger)
    assert not policy.can_manage(UserFactory(agency=here, role=Role.SUPERVISOR), colleague)
    assert not policy.can_manage_agency(admin, None)
    admin.is_active = False
    assert not policy.can_manage(admin, colleague)


def verified(user: User) -> User:
    """As the OTP middleware leaves a user who passed both factors (queries use user_has)."""
    user.is_verified = lambda: True  # type: ignore[method-assign]
    return user


def test_queries_give_a_non_administrator_nothing(
    here: Any, make_user: Callable[..., User]
) -> None:
    UserFactory(agency=here)
    supervisor = verified(make_user(agency=here, role=Role.SUPERVISOR))
    assert not users_manageable_by(supervisor).exists()
    assert not agencies_managed_by(supervisor).exists()


def test_queries_give_an_administrator_their_own_agency(
    here: Any, make_user: Callable[..., User]
) -> None:
    admin = verified(make_user(agency=here, role=Role.NODE_ADMIN))
    colleague = UserFactory(agency=here)
    UserFactory(agency=AgencyFactory(node_code=here.node_code))
    assert set(users_manageable_by(admin)) == {admin, colleague}
    assert list(agencies_managed_by(admin)) == [here]
    # An administrator whose agency is kept on another node manages no agency here.
    remote = verified(make_user(agency=AgencyFactory(node_code="elsewhere"), role=Role.NODE_ADMIN))
    assert not agencies_managed_by(remote).exists()


def test_create_token_needs_the_permission(here: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every role holds API_TOKENS_MANAGE today; a role without it gets no token."""
    officer = UserFactory(agency=here, role=Role.OFFICER)
    without = ROLE_PERMISSIONS[Role.OFFICER] - {Permission.API_TOKENS_MANAGE}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.OFFICER, without)
    with pytest.raises(NotPermitted):
        tokens.create_token(officer, name="script", acting_user=officer)
    assert not tokens.tokens_of(officer).exists()


def test_create_token_refuses_a_deactivated_user(here: Any) -> None:
    user = UserFactory(agency=here, is_active=False)
    with pytest.raises(NotPermitted) as refused:
        tokens.create_token(user, name="script", acting_user=user)
    assert refused.value.code == "inactive"
    assert not tokens.tokens_of(user).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_token_needs_a_short_name(here: Any, name: str) -> None:
    user = UserFactory(agency=here)
    with pytest.raises(Refused) as refused:
        tokens.create_token(user, name=name, acting_user=user)
    assert refused.value.code == "name"
    assert not tokens.tokens_of(user).exists()
