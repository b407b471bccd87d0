from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "strait.accounts"
    label = "accounts"

    def ready(self) -> None:
        from strait.accounts import signals  # noqa: F401  (connects the audit receivers)
