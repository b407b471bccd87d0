"""Create a local user from the command line (the first node administrator, for instance)."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.accounts.actions import do_create_user
from strait.agencies.models import Agency, Unit
from strait.permissions import Role
from strait.refusals import Refused


class Command(BaseCommand):
    help = "Create a user of this node. They enrol their TOTP second factor at first login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--agency", required=True, help="agency code, e.g. ma-dgsn")
        parser.add_argument("--unit", default="", help="unit code within the agency")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Unknown agency {options['agency']!r}.")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(agency=agency, code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unknown unit {options['unit']!r} in agency {agency.code!r}.")
        if options["role"] not in Role.values:
            raise CommandError(
                f"Unknown role {options['role']!r}; choose one of: {', '.join(Role.values)}."
            )
        password = self._read_password(options["password_stdin"])
        try:
            user = do_create_user(
                username=options["username"],
                full_name=options["full_name"],
                email=options["email"],
                agency=agency,
                unit=unit,
                role=options["role"],
                password=password,
                acting_user=None,
            )
        except Refused as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(
            self.style.SUCCESS(f"Created user {user.username!r} ({user.get_role_display()}).")
        )
        self.stdout.write("They enrol their TOTP second factor at their first login.")

    def _read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("A password is required.")
        return password
