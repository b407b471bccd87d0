"""``strait init``: prepare this node's home, database and reference data. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from strait.node_init import add_init_arguments, init_home, spec_from_options
from strait.web.signals import node_initialised


class Command(BaseCommand):
    help = (
        "Create node.toml (if missing) and the secret key in the node home, migrate the "
        "database and seed the reference data (countries, agencies, units)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_init_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        home = settings.NODE.home
        result = init_home(home, spec_from_options(options))
        if result.wrote_toml:
            self.stdout.write(f"wrote {home / 'node.toml'}")
        else:
            self.stdout.write(
                f"kept the existing {home / 'node.toml'} (edit it to change the node)"
            )
        quiet = max(0, options["verbosity"] - 1)
        call_command("migrate", interactive=False, verbosity=quiet)
        # Imported here: the reference data module is only needed by this command.
        from strait.agencies.seed import seed_reference_data

        seed_reference_data()
        from strait.exchange.seed import seed_channels

        seed_channels()
        from strait.federation.keys import ensure_keys

        if ensure_keys():
            self.stdout.write("node keys created: `strait keys show` prints the fingerprint")
        node_initialised.send(sender=self.__class__, node=settings.NODE)
        self.stdout.write(self.style.SUCCESS(f"node home ready: {home}"))
