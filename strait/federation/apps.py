from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "strait.federation"
    label = "federation"

    def ready(self) -> None:
        # Importing these registers their envelope kinds.
        from strait.federation import notices, notify, peering, workqueue  # noqa: F401  # noqa: F401  (topics, work queue)
