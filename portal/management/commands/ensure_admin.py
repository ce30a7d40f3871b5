"""Make sure an administrator account exists, for `make run` on a fresh machine."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q


class Command(BaseCommand):
    help = "Create the 'admin' superuser if no superuser exists (password from ADMIN_PASSWORD or printed once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(Q(is_superuser=True) | Q(username=username)).exists():
            self.stdout.write("An administrator account already exists; nothing to do.")
            return
        password = os.environ.get("ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=username, email=email, password=password)
        # Sign-in is by email through allauth; the address is the operator's own, so verified.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created administrator '{username}' ({email}) with password: {password}\n"
                    "It is shown only this once: write it down, or set ADMIN_PASSWORD next time.\n"
                    f"Sign in at /admin/ with the email {email}; the first time, the admin asks you to set up "
                    "an authenticator app (TOTP), as every staff account must."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Created administrator '{username}' with the password in ADMIN_PASSWORD.")
            )
