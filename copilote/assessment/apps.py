from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "copilote.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from copilote.assessment import (  # noqa: F401
            documents,
            indicators,
            live,
            personal_data,
            plugins,
            programme_file,
        )
        from copilote.assessment.kit import adjust_frames
        from copilote.programmes.services import register_frame_adjuster

        register_frame_adjuster(adjust_frames)
        live.register()
        indicators.register_defaults()
        plugins.register()
        personal_data.register_holder()

        from copilote.assessment.services import register_purger

        register_purger()
