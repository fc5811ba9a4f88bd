from django.utils.translation import gettext_lazy as _

from steering.permissions import user_committee_roles, user_org_unit


def items(user) -> list[tuple[str, str]]:
    if user.is_superuser or user_committee_roles(user) or user_org_unit(user) is not None:
        return [("kpi_home", _("Chỉ tiêu"))]
    return []
