"""Creates the peer's database and its one user (the address the bench asks a reset for)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
if not User.objects.filter(username="bench0").exists():
    User.objects.create_user("bench0", "bench0@example.com", "correct horse battery staple")
