from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Cuộc họp và nhiệm vụ")

    def ready(self):
        from steering import workflow

        from . import permissions  # noqa: F401 - registers the rules
        from .dashboard import dashboard_bump
        from .models import DeadlineExtension, Directive, DirectiveEvent, Evidence

        workflow.register(
            workflow.TaskFlow(
                task_model=Directive,
                event_model=DirectiveEvent,
                evidence_model=Evidence,
                extension_model=DeadlineExtension,
                task_field="directive",
                changed=lambda directive: dashboard_bump(directive.committee_id),
            )
        )
