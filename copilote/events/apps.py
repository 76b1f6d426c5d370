from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "copilote.events"
    label = "events"
    verbose_name = _("Collective events")

    def ready(self) -> None:
        from copilote.events import plugins, programme_file, report  # noqa: F401
        from copilote.events.personal_data import register_holder
        from copilote.events.services import register_purger

        register_holder()
        register_purger()
        plugins.register()
        report.register()
