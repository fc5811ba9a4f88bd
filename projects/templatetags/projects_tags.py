from django import template

from steering.vndates import vn_number

register = template.Library()


@register.filter
def vnd(value) -> str:
    """An amount in đồng with Vietnamese grouping (45.000.000.000); "—" when unknown."""
    if value is None or value == "":
        return "—"
    return vn_number(value, decimals=0)
