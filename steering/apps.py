from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Ban chỉ đạo và đơn vị")

    def ready(self):
        from . import (  # noqa: F401 - registers rules, auth log receivers and system checks
            checks,
            permissions,
            security,
        )
