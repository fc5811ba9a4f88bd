import datetime

from django.core.management.base import BaseCommand, CommandError

from steering.reminders import DEFAULT_BATCH_SIZE, reminders_send


class Command(BaseCommand):
    help = (
        "Run the deadline-reminder sweep for a day (today by default): record the reminders due, "
        "send each person one digest. Running it again sends nothing twice. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count, send and record nothing")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, as_of=None, dry_run=False, batch_size=DEFAULT_BATCH_SIZE, **options):
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError("--as-of phải có dạng YYYY-MM-DD") from exc
        if batch_size < 1:
            raise CommandError("--batch-size phải lớn hơn 0")
        result = reminders_send(as_of=day, dry_run=dry_run, batch_size=batch_size)
        if dry_run:
            self.stdout.write(
                f"Chạy thử ngày {result.as_of:%d/%m/%Y}: {result.items} việc được xét, "
                f"{result.to_send} nhắc việc sẽ được gửi (chưa gửi, chưa ghi gì)."
            )
            return
        self.stdout.write(
            f"Ngày {result.as_of:%d/%m/%Y}: đã gửi {result.sent} nhắc việc "
            f"({result.emails} thư, {result.recipients} người nhận); {result.failed} gửi lỗi, "
            "sẽ gửi lại lần chạy sau."
        )
