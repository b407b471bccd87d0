from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "strait.agencies"
    label = "agencies"
