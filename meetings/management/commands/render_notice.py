from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import DocumentKind, Meeting
from meetings.notice_content import meeting_document_preview
from steering.officialdoc import render_pdf


class Command(BaseCommand):
    help = (
        "Render a meeting's conclusion notice (or, with --minutes, its minutes) as a draft PDF. "
        "No number is reserved and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--out", type=Path, required=True, help="the PDF file to write")
        parser.add_argument("--minutes", action="store_true", help="the minutes (Biên bản)")

    def handle(self, *args, meeting_id: int, out: Path, minutes: bool, **options):
        meeting = (
            Meeting.objects.select_related("committee__owner_unit", "chair")
            .filter(pk=meeting_id)
            .first()
        )
        if meeting is None:
            raise CommandError(f"Không có cuộc họp số {meeting_id}.")
        kind = DocumentKind.MINUTES if minutes else DocumentKind.NOTICE
        pdf = render_pdf(meeting_document_preview(meeting=meeting, kind=kind))
        try:
            out.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {out}: {exc}") from exc
        self.stdout.write(f"{out} ({len(pdf)} bytes)")
