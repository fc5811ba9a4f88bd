from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("Kế hoạch và chỉ tiêu")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules
