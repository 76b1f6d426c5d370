from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "copilote.governance"
    label = "governance"
    verbose_name = _("Steering committee")

    def ready(self) -> None:
        from copilote.governance import documents, live, plugins, programme_file  # noqa: F401
        from copilote.governance.personal_data import register_holder

        register_holder()
        plugins.register()
