from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    name = "kpis"
    verbose_name = _("Kế hoạch và chỉ tiêu")

    def ready(self):
        from steering import workflow

        from . import permissions  # noqa: F401 - registers the rules
        from .models import PlanTask, PlanTaskEvent, PlanTaskEvidence, PlanTaskExtension

        workflow.register(
            workflow.TaskFlow(
                task_model=PlanTask,
                event_model=PlanTaskEvent,
                evidence_model=PlanTaskEvidence,
                extension_model=PlanTaskExtension,
                task_field="task",
                committee=lambda task: task.plan.committee,
            )
        )
