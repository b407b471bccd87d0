"""``strait governance verify FILE``: check a joint statement (its JSON, or the PDF carrying it).

Prints the meeting, whether the text is the one signed, and each signature's node, agency and
chair with its verdict; exits 0 when the statement is valid (every signature verifies with a key
this node knows for that node), 1 when it is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.governance import statement


class Command(BaseCommand):
    help = "Governance: verify a joint statement's signatures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check a joint statement file (JSON or PDF)")
        verify.add_argument("file")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        result = statement.verify(data)
        if result.problem:
            raise CommandError(f"NOT VALID: {result.problem}")
        found = result.data or {}
        meeting = found.get("meeting", {})
        self.stdout.write(
            f"meeting     {meeting.get('uid')}  {meeting.get('place')}  {meeting.get('starts_on')}"
        )
        self.stdout.write(f"version     {found.get('version')}  digest {found.get('digest')}")
        self.stdout.write(
            "text        " + ("is the text signed" if result.digest_ok else "CHANGED since signed")
        )
        for s in result.signatures:
            verdict = "valid" if s.valid and s.known else f"NOT VALID ({s.reason})"
            self.stdout.write(
                f"signature   node {s.node}  agency {s.agency}  chair {s.chair}  "
                f"key {s.key_id}  {verdict}"
            )
        if not result.signatures:
            self.stdout.write("signature   none")
        if not result.valid:
            raise CommandError("NOT VALID", returncode=1)
        self.stdout.write(self.style.SUCCESS("VALID"))
