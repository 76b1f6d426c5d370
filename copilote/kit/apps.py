from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "copilote.kit"
    label = "kit"
    verbose_name = "Kit méthodologique"
