"""The response for a protected uploaded file, once the view has checked the user may see it.

With `SENDFILE_NGINX` on (production behind deploy/nginx.conf) the response is empty and carries
`X-Accel-Redirect: <SENDFILE_URL><file name>`: nginx serves the file from its `internal` location,
so no gunicorn worker is held for the transfer. Otherwise Django streams the file itself. Both
answer as an attachment under the original name, with `nosniff` and a sandboxing CSP.
"""

import mimetypes
import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse

from steering.text import nfc


def content_disposition(filename: str, *, as_attachment: bool = True) -> str:
    """The Vietnamese name as RFC 5987 `filename*` (UTF-8), with an ASCII `filename` without
    diacritics for clients that read only that: "Báo cáo tháng 12-2026.xlsx" saves as itself."""
    name = nfc(filename).replace("/", "-")
    disposition = "attachment" if as_attachment else "inline"
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_name = re.sub(r'[^\x20-\x7e]|["\\]', "_", ascii_name)
    if ascii_name == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def protected_file_response(file: FieldFile, *, filename: str) -> HttpResponse | FileResponse:
    """Answer with the stored `file`, downloaded as `filename`; 404 when it is missing."""
    if not file or not file.name:
        raise Http404
    if getattr(settings, "SENDFILE_NGINX", False):
        if not file.storage.exists(file.name):
            raise Http404
        content_type, encoding = mimetypes.guess_type(filename)
        response = HttpResponse(
            content_type=(
                "application/octet-stream" if encoding or not content_type else content_type
            )
        )
        response["X-Accel-Redirect"] = settings.SENDFILE_URL + quote(file.name)
        response["Content-Disposition"] = content_disposition(filename)
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=filename)
        response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
