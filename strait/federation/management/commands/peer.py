"""``strait peer add URL --fingerprint FP`` and ``strait peer list``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation import peering
from strait.federation.queries import peer_states


class Command(BaseCommand):
    help = "Add a peer node (after comparing fingerprints by phone) or list the peers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add", help="fetch a peer's keys; refuse unless the fingerprint matches"
        )
        add.add_argument("url", help="the peer's base URL, e.g. https://strait.es.example")
        add.add_argument("--fingerprint", required=True, help="as read to you by the partner")
        sub.add_parser("list", help="peers and their delivery state")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "add":
            try:
                peer = peering.add_peer(options["url"], options["fingerprint"])
            except peering.PeeringError as exc:
                raise CommandError(str(exc)) from exc
            record(
                AuditAction.PEER_ADDED,
                target=peer.code,
                details={"url": peer.base_url, "fingerprint": peer.fingerprint},
            )
            self.stdout.write(
                f"Peer {peer.code} ({peer.name}) added, fingerprint {peer.fingerprint}."
            )
            return
        for state in peer_states():
            self.stdout.write(
                f"{state.peer.code:<6} {state.state:<12} queue={state.queue_depth:<6} "
                f"{state.peer.base_url}"
            )
