"""Create (or reuse) the local editor account and print its login."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local editor account (Editors group) and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        login_file = settings.STATE_DIR / "editor-login.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user and login_file.exists():
            saved_user, _, saved_password = login_file.read_text().strip().partition(" ")
            if saved_user == username and user.check_password(saved_password):
                password = saved_password
        if password is None:
            password = secrets.token_urlsafe(12)
            user = user or User(username=username, email=f"{username}@flux.example")
            user.is_staff = True
            user.set_password(password)
            user.save()
            login_file.parent.mkdir(exist_ok=True)
            login_file.write_text(f"{username} {password}\n")
            login_file.chmod(0o600)
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(
            self.style.SUCCESS(f"Editor login for {settings.SITE_URL}/admin/ — user: {username}  password: {password}")
        )
