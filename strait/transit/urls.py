from django.urls import URLPattern

app_name = "transit"
urlpatterns: list[URLPattern] = []
