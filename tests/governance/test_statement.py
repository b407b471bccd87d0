"""The joint statement: published only from fully signed minutes, as JSON or as a PDF carrying the
JSON; ``strait governance verify FILE`` says valid (exit 0) for a good file and not valid (exit 1)
for a text changed, a signature forged, or a key this node does not know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import crypto
from strait.governance import actions, minutes, statement
from strait.refusals import Refused
from tests.governance.conftest import World
from tests.governance.sides import TwoSides, make_sides

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world: World) -> TwoSides:
    sides = make_sides(world)
    actions.sign_minutes(world.ma_chair, sides.meeting)
    row = sides.deliver(sides.spanish_signature())
    assert row.status == "applied", row.reason
    assert minutes.fully_signed(sides.refresh())
    return sides


def run_verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        call_command("governance", "verify", str(path))
    except CommandError as exc:
        return exc.returncode, capsys.readouterr().out + str(exc)
    return 0, capsys.readouterr().out


def test_the_statement_is_refused_until_both_sides_signed(world: World) -> None:
    sides = make_sides(world)
    actions.sign_minutes(world.ma_chair, sides.meeting)
    with pytest.raises(Refused) as info:
        actions.publish_statement(world.ma_secretary, sides.refresh(), "json")
    assert info.value.code == "not_fully_signed"
    assert not AuditEntry.objects.filter(action=AuditAction.GOVERNANCE_STATEMENT_PUBLISHED)


def test_a_published_statement_verifies_and_names_each_side(
    signed: TwoSides, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = signed.world
    data = actions.publish_statement(world.ma_chair, signed.refresh(), "json")
    entry = AuditEntry.objects.get(action=AuditAction.GOVERNANCE_STATEMENT_PUBLISHED)
    assert entry.details["format"] == "json"
    parsed = json.loads(data)
    assert parsed["canonical"]["minutes"] == {"ar": "محضر الاجتماع", "es": "Acta de la reunión"}
    assert [s["node"] for s in parsed["signatures"]] == ["dev", "es"]
    path = tmp_path / "statement.json"
    path.write_bytes(data)
    code, out = run_verify(path, capsys)
    assert code == 0, out
    assert "VALID" in out
    assert f"node dev  agency {world.ma.code}  chair {world.ma_chair.full_name}" in out
    assert "node es  agency es-pn  chair Francisco P." in out


def test_a_statement_whose_text_changed_is_not_valid(
    signed: TwoSides, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(actions.publish_statement(signed.world.ma_chair, signed.refresh(), "json"))
    data["canonical"]["minutes"]["es"] = "Acta de otra reunión"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    code, out = run_verify(path, capsys)
    assert code == 1
    assert "CHANGED since signed" in out
    assert out.count("NOT VALID (does not verify)") == 2


def test_a_statement_signed_with_a_key_nobody_knows_is_not_valid(
    signed: TwoSides, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forger rewrites the text and signs it with a key of their own, put in the file: the
    signature verifies with that key, but the key is not es's."""
    data = json.loads(actions.publish_statement(signed.world.ma_chair, signed.refresh(), "json"))
    data["canonical"]["minutes"]["es"] = "Acta reescrita"
    data["digest"] = minutes.digest_of(data["canonical"])
    forger = crypto.new_signing_key()
    public = crypto.public_raw(forger)
    message = minutes.signed_bytes(data["meeting"]["uid"], data["version"], data["digest"])
    for entry in data["signatures"]:
        entry |= {
            "public_key": crypto.b64e(public),
            "key_id": crypto.key_id(public),
            "signature": crypto.b64e(crypto.sign(forger, message)),
        }
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data))
    result = statement.verify(path.read_bytes())
    assert result.digest_ok
    assert [(s.valid, s.known) for s in result.signatures] == [(True, False), (True, False)]
    code, out = run_verify(path, capsys)
    assert code == 1
    assert "unknown key" in out


def test_the_pdf_statement_carries_the_json_and_verifies(
    signed: TwoSides, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = actions.publish_statement(signed.world.ma_secretary, signed.refresh(), "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf)
    code, out = run_verify(path, capsys)
    assert code == 0, out
    # A PDF without a statement inside is not one.
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.7\n%%EOF\n")
    code, out = run_verify(other, capsys)
    assert code == 1
    assert "carries no statement" in out


def test_a_member_who_neither_writes_nor_signs_cannot_publish(signed: TwoSides) -> None:
    with pytest.raises(Refused) as info:
        actions.publish_statement(signed.world.ma_officer, signed.refresh(), "json")
    assert info.value.code == "forbidden"
