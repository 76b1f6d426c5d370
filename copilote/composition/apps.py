from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompositionConfig(AppConfig):
    name = "copilote.composition"
    label = "composition"
    verbose_name = _("Group composition")

    def ready(self) -> None:
        from copilote.composition import demo, personal_data

        demo.register()
        personal_data.register_holder()
