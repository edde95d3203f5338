"""`lawful demo`: the three example organisations, synthetic residents each, a staff login.

Each example register (examples/*.yaml) becomes an organisation with its own people,
notice versions and audit chain; one demo clerk is data protection lead of all three.
Idempotent: run it again and it adds nothing twice, but sets a fresh password for the
demo clerk and prints it.
"""

import secrets
import zlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from lawful.casework.demo import cases_wanted, generate_cases
from lawful.consent.demo import generate_consents
from lawful.crypto.master import ensure_demo_master_key
from lawful.notices.registry import register_in_force
from lawful.organisations.models import Organisation
from lawful.organisations.services import add_membership, create_organisation
from lawful.people.demo import generate_residents
from lawful.people.models import Person
from lawful.staff.models import Role, StaffUser
from lawful.staff.services import apply_role

DEMO_USERNAME = "clerk"
# Casework staff of the councillors' office, with the clerk's password: a caseworker who
# works on cases, and a volunteer who may see none of them.
CASEWORK_ORGANISATION = "northgate-councillors"
CASEWORK_STAFF = (
    ("caseworker", Role.CASEWORKER, "Jordan", "Reid", ""),
    ("councillor", Role.COUNCILLOR, "Priya", "Shah", "Northgate"),
    ("volunteer", Role.VOLUNTEER, "Sam", "Okafor", ""),
)
DEMO_CASES = 12
EXAMPLES = Path(settings.BASE_DIR) / "examples"
# Each example register, and the short name its organisation's addresses use.
DEMO_ORGANISATIONS = (
    ("ashbrook", "parish-council.yaml"),
    ("northgate-councillors", "councillors-office.yaml"),
    ("riverside-network", "campaign-network.yaml"),
)


class Command(BaseCommand):
    help = "Load the example organisations, synthetic residents for each, and a demo clerk."

    def add_arguments(self, parser):
        parser.add_argument(
            "--residents", type=int, default=1000, help="Synthetic residents per organisation."
        )
        parser.add_argument("--address", default="127.0.0.1:8000", help="Where it will serve.")

    def handle(self, *args, residents, address, **options):
        password = secrets.token_urlsafe(12)
        # Encryption at rest needs a master key: scripts/demo makes var/master_key; a bare
        # `lawful demo` makes it here if none is set.
        master_key_file = ensure_demo_master_key()
        lines = []
        with transaction.atomic():
            clerk = self._clerk(password)
            for slug, filename in DEMO_ORGANISATIONS:
                organisation = Organisation.objects.filter(slug=slug).first()
                if organisation is None:
                    organisation = create_organisation(
                        slug,
                        (EXAMPLES / filename).read_text(encoding="utf-8"),
                        today=timezone.localdate(),
                        actor=clerk,
                    )
                add_membership(clerk, organisation, role=Role.DATA_PROTECTION_LEAD, actor=clerk)
                people = Person.objects.for_org(organisation)
                missing = max(0, residents - people.count())
                created = (
                    generate_residents(
                        missing,
                        organisation=organisation,
                        register=register_in_force(organisation),
                        # A seed of its own: each organisation has its own residents.
                        seed=zlib.crc32(slug.encode()),
                        actor=clerk,
                    )
                    if missing
                    else 0
                )
                # consent: synthetic consents and withdrawals, so the pages show some
                generate_consents(organisation, seed=zlib.crc32(slug.encode()), actor=clerk)
                if slug == CASEWORK_ORGANISATION:
                    self._casework_staff(organisation, password, clerk)
                cases = generate_cases(
                    cases_wanted(organisation, DEMO_CASES),
                    organisation=organisation,
                    register=register_in_force(organisation),
                    seed=zlib.crc32(slug.encode()),
                    actor=clerk,
                )
                lines.append((organisation, created, people.count(), cases))
            # campaigns: consent for some supporters of the network, and a demo send.
            from lawful.campaigns.demo import demo_campaign

            network = Organisation.objects.get(slug="riverside-network")
            campaign_line = demo_campaign(network, actor=clerk)
        out = [f"Lawful is starting at http://{address}/", ""]
        for organisation, created, total, cases in lines:
            out += [
                f"{organisation.name} ({organisation.slug}): {total} synthetic residents "
                f"({created} added now), {cases} synthetic cases added now",
                f"  Privacy notice: http://{address}/o/{organisation.slug}/privacy",
            ]
        out += [
            campaign_line,
            f"  (the worker writes each email to {settings.LAWFUL_EMAIL_DIR or 'the console'})",
            "",
            f"Staff workspace: http://{address}/staff/",
            f"  (administration, for this installation's superusers: http://{address}/admin/)",
            f"  Username: {DEMO_USERNAME}",
            f"  Password: {password}",
            "  Also, with the same password, in "
            + CASEWORK_ORGANISATION
            + ": "
            + ", ".join(f"{name} ({role.label.lower()})" for name, role, *_ in CASEWORK_STAFF),
            "",
        ]
        if master_key_file:
            out += [
                f"Master key of the encryption at rest made in {master_key_file}: set "
                f"LAWFUL_MASTER_KEY_FILE={master_key_file} for every process of this demo.",
                "",
            ]
        self.stdout.write("\n".join(out))

    def _casework_staff(self, organisation, password: str, clerk) -> None:
        for username, role, first, last, ward in CASEWORK_STAFF:
            user, _ = StaffUser.objects.get_or_create(
                username=username, defaults={"role": role, "first_name": first, "last_name": last}
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            apply_role(user)
            add_membership(user, organisation, role=role, ward=ward, actor=clerk)

    def _clerk(self, password: str) -> StaffUser:
        clerk, _ = StaffUser.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "role": Role.DATA_PROTECTION_LEAD,
                "is_staff": True,
                "is_superuser": True,
                # A person's name (synthetic), as a real clerk's would be: the admin
                # and the workspace greet them by it.
                "first_name": "Alex",
                "last_name": "Morgan",
            },
        )
        clerk.set_password(password)
        clerk.save(update_fields=["password"])
        apply_role(clerk)
        return clerk
