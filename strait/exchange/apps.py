from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "strait.exchange"
    label = "exchange"
    verbose_name = "Exchange"

    def ready(self) -> None:
        # Register this app's envelope kinds and periodic tasks.
        from strait.exchange import federation, tasks  # noqa: F401
