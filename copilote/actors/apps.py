from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "copilote.actors"
    label = "actors"
    verbose_name = _("Actors")

    def ready(self) -> None:
        from copilote.actors import documents, personal_data, programme_file, selectors
        from copilote.documents import registry
        from copilote.programmes.dashboard import Card, register_card

        registry.register(
            registry.Kind(
                "guide", ("pdf",), documents.render_guide, description=str(documents.DESCRIPTION)
            )
        )
        programme_file.register_sections()
        register_card(
            Card(
                "mobilisation",
                "actors/dashboard_card.html",
                lambda programme, *, user, today: selectors.dashboard_card(programme),
                order=30,
            )
        )
        personal_data.register_directory_holders()
        personal_data.register_trace_holder()
