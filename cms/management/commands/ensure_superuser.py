import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first superuser once: from DJANGO_SUPERUSER_USERNAME/PASSWORD/EMAIL, "
        "or 'admin' with a random password printed this one time."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            self.stdout.write(self.style.WARNING(
                f"Created superuser '{username}' with password: {password}\n"
                "This is shown once; change it in the admin."
            ))
        else:
            self.stdout.write(f"Created superuser '{username}' from the environment.")
