import importlib
import importlib.util
from functools import cache

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .models import AccessRole
from .permissions import user_committee_roles, user_org_unit


@cache
def _app_navigation_modules():
    """Each project app may have a `navigation.py` with `items(user) -> [(url_name, label)]`."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.navigation"
        if config.name in {"projects", "kpis", "meetings"} and importlib.util.find_spec(name):
            modules.append(importlib.import_module(name))
    return modules


def navigation(request) -> dict:
    """The navigation bar for the signed-in user's roles (no link a role cannot open)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_committee_roles(user)
    held = {role for committee_roles in roles.values() for role in committee_roles}
    items = [("home", _("Trang chủ"))]
    for module in _app_navigation_modules():
        items.extend(module.items(user))
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
