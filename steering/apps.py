from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Ban chỉ đạo và đơn vị")

    def ready(self):
        from . import permissions, security  # noqa: F401 - registers rules and auth log receivers
