from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "strait.web"
    label = "web"
