from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "copilote.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from copilote.results import live, personal_data, plugins, programme_file  # noqa: F401

        live.register()
        plugins.register()
        personal_data.register_holder()
