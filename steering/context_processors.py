from django.utils.translation import gettext_lazy as _

from .models import AccessRole
from .permissions import user_committee_roles, user_org_unit


def navigation(request) -> dict:
    """The navigation bar for the signed-in user's roles (no link a role cannot open)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_committee_roles(user)
    held = {role for committee_roles in roles.values() for role in committee_roles}
    items = [("home", _("Trang chủ"))]
    if roles or user.is_superuser:
        items.append(("committee_list", _("Ban chỉ đạo")))
    if held or user.is_superuser or user_org_unit(user) is not None:
        items.append(("orgunit_list", _("Đơn vị")))
    current = request.resolver_match.url_name if request.resolver_match else None
    return {
        "nav_items": [
            {"url_name": name, "label": label, "active": name == current} for name, label in items
        ],
        "nav_role_labels": [AccessRole(r).label for r in AccessRole.values if r in held],
    }
