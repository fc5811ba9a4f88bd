"""`python manage.py verify_document FILE`: is this PDF a document issued here, unchanged?"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.document_signing import document_verify


class Command(BaseCommand):
    help = "Kiểm tra một tệp PDF: văn bản do cổng ban hành, còn nguyên vẹn kể từ khi ký số?"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        verdict = document_verify(data=path.read_bytes())
        lines = [f"{verdict.outcome}: {verdict.message}"]
        if verdict.document is not None:
            d = verdict.document
            lines += [
                f"  Văn bản: {d.get_kind_display()} số {d.number_label}",
                f"  Ngày ban hành: {d.issued_on:%d/%m/%Y}",
                f"  Cơ quan ban hành: {d.issuer_name}",
                f"  Người ký: {d.signer_title} {d.signer_name}".rstrip(),
            ]
        for s in verdict.signatures:
            when = s.signed_at.isoformat() if s.signed_at else "?"
            lines.append(
                f"  Chữ ký: {s.signer} lúc {when}; nguyên vẹn: {'có' if s.intact else 'không'}; "
                f"tin cậy: {'có' if s.trusted else 'không'}"
            )
        self.stdout.write("\n".join(lines))
        if not verdict.is_authentic:
            raise CommandError(verdict.message, returncode=1)
