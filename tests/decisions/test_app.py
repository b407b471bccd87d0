"""The decisions app: the Django side of matching, so that ``strait.matching`` stays a plain
library; deciding needs the permission to answer checks."""

from __future__ import annotations

import ast
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

import strait.matching
from strait.accounts.models import User
from strait.decisions import actions
from strait.decisions.models import MatchDecision
from strait.permissions import Role
from strait.refusals import NotPermitted


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_matching_library_imports_no_django() -> None:
    package = Path(strait.matching.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert files
    for path in files:
        found = {n for n in _imports(path) if n == "django" or n.startswith("django.")}
        assert not found, f"{path.name} imports {sorted(found)}"
    assert not (package / "models.py").exists()
    assert not (package / "apps.py").exists()
    assert not (package / "migrations").exists()


def test_the_table_keeps_its_name() -> None:
    assert MatchDecision._meta.db_table == "matching_matchdecision"
    assert MatchDecision._meta.app_label == "decisions"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.LIAISON_OFFICER, Role.NODE_ADMIN])
def test_deciding_needs_the_permission_to_answer_checks(
    make_user: Callable[..., User], role: str
) -> None:
    user = make_user(role=role)
    with pytest.raises(NotPermitted):
        actions.decide(user, uuid.uuid4(), "check:x", "match")
    assert not MatchDecision.objects.exists()


@pytest.mark.django_db
def test_a_verdict_is_match_no_match_or_unsure(make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.ANALYST)
    with pytest.raises(ValueError, match="maybe"):
        actions.decide(user, uuid.uuid4(), "check:x", "maybe")
    assert not MatchDecision.objects.exists()
