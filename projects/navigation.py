from django.utils.translation import gettext_lazy as _

from .permissions import can_see_projects


def items(user) -> list[tuple[str, str]]:
    return [("project_list", _("Dự án CNTT"))] if can_see_projects(user) else []
