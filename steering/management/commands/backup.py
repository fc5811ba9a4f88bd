from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from steering.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive with "
        "a manifest of row counts and SHA-256 checksums. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="archive to write, e.g. backup.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path, database: str, **options):
        try:
            summary = backup_create(out=out, using=database)
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        rows = sum(summary.models.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {rows} rows in {len(summary.models)} "
                f"tables, {summary.files} files ({summary.bytes} bytes)."
            )
        )
