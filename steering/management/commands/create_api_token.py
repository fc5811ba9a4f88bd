"""`python manage.py create_api_token USERNAME --name "Trung tâm điều hành"`: a read-API key."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from steering.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create a read-API key for an account (it sees what the account sees). "
        "The key is printed once; only its hash is stored. Revoke it in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="who or what will use the key")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active account named {username!r}")
        token, key = api_token_create(user=user, name=name)
        self.stdout.write(key)
        self.stderr.write(f"key {token.prefix}… for {username} ({token.name}); shown only now")
