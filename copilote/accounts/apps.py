from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "copilote.accounts"
    label = "accounts"
    verbose_name = _("Accounts and invitations")

    def ready(self) -> None:
        from copilote.accounts import programme_file

        programme_file.register_sections()
