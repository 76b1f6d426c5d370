from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "copilote.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.core import checks

        from copilote.core.checks import secret_key

        checks.register(secret_key, checks.Tags.security, deploy=True)

        from django.db.backends.signals import connection_created

        from copilote.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)

        from django.db.models.signals import post_migrate

        post_migrate.connect(schedule_purge_after_migrate, sender=self)


def schedule_purge_after_migrate(sender, **kwargs) -> None:
    """Each deployment migrates: make sure the worker's daily purge is waiting (core.tasks)."""
    from copilote.core.tasks import schedule_purge

    schedule_purge()
