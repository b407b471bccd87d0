"""``strait totp USERNAME``: print a demo user's current TOTP code. Demo mode only."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User, normalise_username
from strait.demo.world import NotADemoNode, current_code, require_demo_mode


class Command(BaseCommand):
    help = "Print the current six-digit TOTP code of a demo user (refused outside demo mode)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        # Checked before any lookup: on a real node this command must reveal nothing at all.
        try:
            require_demo_mode()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        username = normalise_username(options["username"])
        device = (
            TOTPDevice.objects.filter(user__username=username, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            exists = User.objects.filter(username=username).exists()
            reason = "has no confirmed TOTP device" if exists else "does not exist"
            raise CommandError(f"user {username!r} {reason}")
        self.stdout.write(current_code(device))
