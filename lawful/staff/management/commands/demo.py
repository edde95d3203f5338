"""`lawful demo`: load the example organisation, synthetic residents and a staff login.

Idempotent: run it again and it adds nothing twice, but sets a fresh password for the
demo clerk and prints it.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from lawful.notices.registry import current_register
from lawful.notices.services import import_document_control
from lawful.people.demo import generate_residents
from lawful.people.models import Person
from lawful.staff.models import Role, StaffUser
from lawful.staff.services import apply_role

DEMO_USERNAME = "clerk"


class Command(BaseCommand):
    help = "Load the example register's notice versions, synthetic residents and a demo clerk."

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1000)
        parser.add_argument("--address", default="127.0.0.1:8000", help="Where it will serve.")

    def handle(self, *args, residents, address, **options):
        register = current_register()
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            clerk, _ = StaffUser.objects.get_or_create(
                username=DEMO_USERNAME,
                defaults={
                    "role": Role.DATA_PROTECTION_LEAD,
                    "is_staff": True,
                    "is_superuser": True,
                    "first_name": "Demo",
                    "last_name": "Clerk",
                },
            )
            clerk.set_password(password)
            clerk.save(update_fields=["password"])
            apply_role(clerk)
            versions = import_document_control(register, actor=clerk)
            missing = max(0, residents - Person.objects.count())
            created = generate_residents(missing, register=register, actor=clerk) if missing else 0
        self.stdout.write(
            f"Organisation: {register.controller.name} (register {settings.LAWFUL_REGISTER})\n"
            f"Notice versions recorded: {versions}; synthetic residents added: {created} "
            f"(now {Person.objects.count()})\n"
            "\n"
            f"Lawful is starting at http://{address}/\n"
            f"  Privacy notice: http://{address}/privacy\n"
            f"  Staff sign-in:  http://{address}/admin/\n"
            f"  Username: {DEMO_USERNAME}\n"
            f"  Password: {password}\n"
        )
