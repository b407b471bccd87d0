from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "strait.exchange"
    label = "exchange"
    verbose_name = "Exchange"

    def ready(self) -> None:
        # Register this app's envelope kinds, periodic tasks, notification topics and its part
        # of the work queue.
        from strait.exchange import federation, notify, tasks, workqueue  # noqa: F401
