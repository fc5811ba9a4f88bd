"""Page templates keep markup out of the <title> and <head> blocks."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.name))
def test_title_and_head_blocks_hold_no_page_content(path):
    text = path.read_text(encoding="utf-8")
    for name in ("title", "head"):
        match = re.search(r"{% block " + name + r" %}(.*?){% endblock %}", text, re.S)
        if match:
            assert not re.search(r"<(section|form|div|table)\b", match.group(1)), (path, name)
