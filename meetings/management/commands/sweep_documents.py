from django.conf import settings
from django.core.management.base import BaseCommand

from meetings.notices import documents_sweep
from meetings.upward_pdf import upward_pdfs_sweep


class Command(BaseCommand):
    help = (
        "Render again the issued notices and minutes whose PDF job was lost (broker down when "
        "they were issued, worker killed), and the wards' upward report PDFs likewise (their "
        "old files removed). Without a broker (the embedded default) the PDFs are rendered in "
        "this process; with one, the jobs are published to the workers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inline",
            action="store_true",
            help="render in this process even when a broker is configured",
        )

    def handle(self, *args, inline: bool, **options):
        swept = documents_sweep(inline=inline or not settings.REDIS_URL)
        self.stdout.write(f"{len(swept)} document(s) swept")
        upward = upward_pdfs_sweep(inline=inline or not settings.REDIS_URL)
        self.stdout.write(f"{len(upward)} upward report PDF(s) swept")
