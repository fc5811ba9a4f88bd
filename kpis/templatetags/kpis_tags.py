from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def vn_decimal(value):
    """95,5 — the Vietnamese way, no trailing zeros; "—" for nothing."""
    from kpis.maths import vn_decimal as _vn_decimal

    return _vn_decimal(value) or "—"
