"""Reading a download's file name back from its Content-Disposition header."""

import re
from urllib.parse import unquote


def downloaded_name(response) -> str:
    """The name a browser saves the file under: the UTF-8 `filename*` when there is one
    (RFC 6266 makes it win over `filename`), else the plain `filename`."""
    header = response["Content-Disposition"]
    if match := re.search(r"filename\*=UTF-8''([^;]+)", header):
        return unquote(match.group(1))
    match = re.search(r'filename="([^"]*)"', header)
    assert match, header
    return match.group(1)
