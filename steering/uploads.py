"""Checks for uploaded files: by extension, by content (magic bytes) and by size; zip-based
Office files also by their entry count and uncompressed size (zip bombs)."""

import contextlib
import os
import zipfile
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import strip_bidi

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
# The part every genuine Office file of that kind has (a .docx renamed .xlsx does not).
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# extension -> MIME types the content may sniff as
EVIDENCE_TYPES = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "docx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    "xlsx": {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
}


# Shown when the server could not write an upload (a full disk, a read-only volume).
STORAGE_FAILED_MESSAGE = gettext_lazy(
    "Không lưu được tệp: máy chủ đã hết dung lượng lưu trữ hoặc không ghi được tệp. "
    "Chưa có gì được lưu; vui lòng thử lại sau hoặc báo quản trị hệ thống."
)


class CleanFileSystemStorage(FileSystemStorage):
    """Django's file storage, except that a write that fails half-way (ENOSPC, EIO) removes the
    half-written file before the error goes up: the caller's transaction rolls the row back, and
    no orphan is left on disk. (Names are fresh and opened with O_EXCL, so the file is ours.)"""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise


def validate_upload(
    upload, *, allowed: dict[str, set[str]] = EVIDENCE_TYPES, max_bytes: int = MAX_UPLOAD_BYTES
) -> str:
    """Return the sniffed MIME type, or raise a ValidationError that says what is wrong.
    The upload's name loses any bidirectional control character (a right-to-left override
    would show "…exe.pdf" for a file named "…fdp.exe")."""
    upload.name = strip_bidi(upload.name or "")
    name = upload.name
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s”: chỉ nhận các định dạng %(types)s.")
            % {"name": name, "types": ", ".join(sorted(allowed))}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(max)s.")
            % {"name": name, "size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in allowed[extension]:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp .%(ext)s hợp lệ.")
            % {"name": name, "ext": extension}
        )
    if extension in OOXML_MAIN_PART:
        _check_zip(upload, name, extension)
    return mime


def _check_zip(upload, name: str, extension: str) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            # Python's zipfile never inflates an entry past its declared size, so the declared
            # sizes bound what a reader (openpyxl) can be made to unpack.
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(e.file_size for e in entries) > MAX_ZIP_UNCOMPRESSED
            ):
                raise ValidationError(
                    _("Tệp “%(name)s” giải nén ra quá lớn, không thể nhận.") % {"name": name}
                )
            names = {e.filename for e in entries}
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise ValidationError(_("Tệp “%(name)s” bị hỏng.") % {"name": name})
            if "[Content_Types].xml" not in names or OOXML_MAIN_PART[extension] not in names:
                raise ValidationError(
                    _("Nội dung tệp “%(name)s” không phải là tệp .%(ext)s hợp lệ.")
                    % {"name": name, "ext": extension}
                )
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError(
                    _("Tệp “%(name)s” có chứa macro; hãy lưu lại thành tệp không có macro.")
                    % {"name": name}
                )
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("Tệp “%(name)s” bị hỏng.") % {"name": name}) from exc
    finally:
        upload.seek(0)
