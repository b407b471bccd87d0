"""``strait serve``: run this node's web server (gunicorn) on the address in node.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication


class StraitServer(BaseApplication):
    """Gunicorn driven from code: no config file or command line of its own to drift."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from strait.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve this node over HTTP with gunicorn (threaded workers, no auto-reload)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", help="override the host from node.toml")
        parser.add_argument("--port", type=int, help="override the port from node.toml")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--streams",
            type=int,
            default=None,
            help="open pages' event streams per worker (default NOTIFICATIONS_STREAM_MAX); each "
            "holds a thread while it waits, so the workers get this many threads more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        node = settings.NODE
        if node.is_production:
            # Hashed, compressed copies for WhiteNoise, refreshed on every start after an upgrade.
            call_command("collectstatic", interactive=False, verbosity=0)
        else:
            # Other modes serve from the app folders; WhiteNoise still warns if the root is absent.
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        host = options["host"] or node.host
        streams = options["streams"]
        if streams is None:
            streams = settings.NOTIFICATIONS_STREAM_MAX
        # Read by the stream view and the page slots in the workers, forked from this process.
        settings.NOTIFICATIONS_STREAM_MAX = streams
        settings.PAGE_THREADS = options["threads"]
        port = options["port"] or node.port
        StraitServer(
            {
                "bind": f"{host}:{port}",
                "workers": options["workers"],
                "worker_class": "gthread",
                # A stream waits in a thread of its own: pages and API calls keep ``--threads``.
                "threads": options["threads"] + streams,
                "reload": False,
                "timeout": 60,
                "graceful_timeout": 10,
                "accesslog": "-",
                "errorlog": "-",
                "proc_name": f"strait-{node.code}",
                # The default control socket lives in $HOME and would clash between two nodes.
                "control_socket_disable": True,
            }
        ).run()
