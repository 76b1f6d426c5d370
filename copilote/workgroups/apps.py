from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "copilote.workgroups"
    label = "workgroups"
    verbose_name = _("Working groups")
