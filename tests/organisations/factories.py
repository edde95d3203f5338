"""factory_boy factories for organisations and memberships.

An organisation is made with SMALL_REGISTER (tests/conftest.py) adopted, so its register
is in force at once; pass `register=TEXT` for another register, or `register=False` for
an organisation that has adopted nothing yet.
"""

import factory
from factory.django import DjangoModelFactory

from lawful.notices.services import import_document_control
from lawful.organisations.models import Membership, Organisation
from lawful.policy.register import parse_register
from lawful.staff.models import Role


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n} Town Council")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = "town-council"
    nation = "england"

    @factory.post_generation
    def register(organisation, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from tests.conftest import SMALL_REGISTER

        register, problems = parse_register(extracted or SMALL_REGISTER)
        assert register is not None and not problems, problems
        import_document_control(organisation, register)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.organisations.factories.StaffUserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DATA_PROTECTION_LEAD


class StaffUserFactory(DjangoModelFactory):
    class Meta:
        model = "staff.StaffUser"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])
