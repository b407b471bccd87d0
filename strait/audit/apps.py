from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "strait.audit"
    label = "audit"
