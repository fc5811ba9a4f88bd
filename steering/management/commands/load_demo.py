import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo data built from the seeds (org units, committees, members, demo accounts "
        "with password demo12345). Idempotent: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        # Each project app may ship a `demo` module with a `load()`; they run in the
        # dependency order of INSTALLED_APPS (steering, projects, kpis, meetings).
        loaded = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.count(".") or importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load()
                loaded.append(config.label)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {', '.join(loaded)}"))
