"""``strait keys show | rotate | revoke KEY_ID``: this node's keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.federation import actions, keys
from strait.federation.models import NodeKey


def parse_duration(text: str) -> timedelta:
    units = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
    try:
        return timedelta(**{units[text[-1]]: int(text[:-1])})
    except (KeyError, ValueError, IndexError) as exc:
        raise CommandError(f"duration like 7d, 12h or 30m expected, not {text!r}") from exc


class Command(BaseCommand):
    help = "Show, rotate or revoke this node's signing and encryption keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="print the public keys and the fingerprint")
        rotate = sub.add_parser("rotate", help="new keys; the old stay valid for the overlap")
        rotate.add_argument("--overlap", default="7d", help="e.g. 7d, 12h (default 7d)")
        revoke = sub.add_parser("revoke", help="revoke a key at once")
        revoke.add_argument("key_id")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rotate":
            actions.rotate_keys(parse_duration(options["overlap"]))
            self.stdout.write("New keys created; peers are sent the announcement.")
        elif action == "revoke":
            try:
                key = actions.revoke_key(options["key_id"])
            except NodeKey.DoesNotExist as exc:
                raise CommandError(f"no key {options['key_id']!r} on this node") from exc
            self.stdout.write(f"Key {key.key_id} revoked; peers are told.")
        self.show()

    def show(self) -> None:
        try:
            ident = keys.identity()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"node         {ident.node}")
        self.stdout.write(f"fingerprint  {ident.fingerprint()}")
        for key in keys.published():
            state = (
                "revoked"
                if key["revoked"]
                else f"valid until {key['valid_until']}"
                if key["valid_until"]
                else "current"
            )
            self.stdout.write(f"{key['kind']:<11}  {key['key_id']}  {key['public']}  {state}")
