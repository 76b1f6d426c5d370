from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "copilote.workgroups"
    label = "workgroups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from copilote.workgroups import documents, personal_data, plugins, programme_file, report

        documents.register()
        personal_data.register_holder()
        plugins.register()
        programme_file.register_section()
        report.register()

        from copilote.workgroups.services import register_purger

        register_purger()
