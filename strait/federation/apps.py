from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "strait.federation"
    label = "federation"

    def ready(self) -> None:
        # Importing these registers their envelope kinds.
        from strait.federation import notices, peering  # noqa: F401
        from strait.federation import notify, workqueue  # noqa: F401  (topics, work queue)
