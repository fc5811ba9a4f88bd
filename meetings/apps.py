from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Cuộc họp và nhiệm vụ")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules
