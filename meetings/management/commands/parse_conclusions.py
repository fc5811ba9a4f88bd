import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.conclusion_parser import UnitName, parse_conclusions
from meetings.selectors import unit_names
from steering.models import OrgUnit, SteeringCommittee
from steering.selectors import orgunits_in_committee_scope


class Command(BaseCommand):
    help = "Parse a conclusion text file and print the suggested topics and directives as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--committee", type=int, help="committee id (standing agency)")
        parser.add_argument("--meeting-date", help="YYYY-MM-DD, anchors deadlines")

    def handle(self, *args, file: Path, committee=None, meeting_date=None, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from exc
        day = None
        if meeting_date:
            try:
                day = datetime.date.fromisoformat(meeting_date)
            except ValueError as exc:
                raise CommandError("--meeting-date phải có dạng YYYY-MM-DD") from exc
        standing = None
        units = OrgUnit.objects.active_on(day) if day else OrgUnit.objects.all()
        if committee is not None:
            found = SteeringCommittee.objects.filter(pk=committee).select_related("standing_agency")
            if not found:
                raise CommandError(f"Không có Ban chỉ đạo id={committee}")
            agency = found[0].standing_agency
            standing = UnitName.from_org_unit(agency) if agency else None
            units = orgunits_in_committee_scope(committee=found[0], on=day)
        parsed = parse_conclusions(
            text,
            units=unit_names(units),
            standing_agency=standing,
            meeting_date=day,
        )
        self.stdout.write(json.dumps(parsed.to_json_dict(), ensure_ascii=False, indent=2))
