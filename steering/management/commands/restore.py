from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from steering.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into a migrated database and MEDIA_ROOT. "
        "Checks every checksum first; refuses a database that already holds portal data unless "
        "--force is given (everything in it is then replaced)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="archive written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that is not empty",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive: Path, force: bool, database: str, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            summary = backup_restore(archive=archive, force=force, using=database)
        except (BackupError, OSError) as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        rows = sum(summary.models.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows in {len(summary.models)} tables and {summary.files} files "
                f"({summary.bytes} bytes) from {summary.path}."
            )
        )
