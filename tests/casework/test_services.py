"""Opening, working on and closing cases: the register's conditions, the disclosure log,
email import, third parties, closing and erasure."""

from datetime import date, timedelta

import pytest

from lawful.audit.models import AuditEvent
from lawful.casework import services
from lawful.casework.models import Case, CaseStatus, Correspondence, Referral
from lawful.disclosures.models import Disclosure
from lawful.people.normalise import InvalidValue

from .conftest import make_person

pytestmark = pytest.mark.django_db

EML = b"""From: Amara Okonkwo <Amara.OK@Example.org>
To: northgate.councillors@anytown-council.example
Subject: The damp again
Date: Mon, 02 Nov 2026 09:30:00 +0000
Message-ID: <abc123@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset=utf-8

The mould is back in the bedroom.
--XYZ
Content-Type: image/jpeg
Content-Disposition: attachment; filename="mould.jpg"
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRgABAQAAAQABAAD/
--XYZ--
"""


def test_special_category_data_without_a_condition_is_refused(office, staff, resident):
    with pytest.raises(InvalidValue) as refused:
        services.open_case(
            office,
            actor=staff.lead,
            person=resident,
            subject="Benefits appeal",
            special_categories=["health"],
        )
    assert refused.value.field == "special_category_condition"
    assert "elected-representatives" in refused.value.message
    assert Case.objects.count() == 0


def test_a_condition_the_register_does_not_allow_is_refused(office, staff, resident):
    with pytest.raises(InvalidValue) as refused:
        services.open_case(
            office,
            actor=staff.lead,
            person=resident,
            subject="Benefits appeal",
            special_categories=["health"],
            special_category_condition="explicit-consent",
        )
    assert refused.value.field == "special_category_condition"


def test_criminal_offence_data_needs_its_article_10_condition(office, staff, resident):
    with pytest.raises(InvalidValue) as refused:
        services.open_case(
            office,
            actor=staff.lead,
            person=resident,
            subject="Anti-social behaviour",
            special_categories=["criminal-offences"],
        )
    assert refused.value.field == "criminal_offence_condition"
    case = services.open_case(
        office,
        actor=staff.lead,
        person=resident,
        subject="Anti-social behaviour",
        special_categories=["criminal-offences"],
        criminal_offence_condition="elected-representatives",
    )
    assert case.criminal_offence_condition == "elected-representatives"


def test_a_case_is_opened_audited_and_assigned(case, staff):
    assert case.caseworker == staff.worker and case.purpose_id == "casework"
    assert case.special_categories == ["health"]
    event = AuditEvent.objects.get(action="create", summary__contains=case.reference)
    assert event.person_id == case.person_id


def test_a_volunteer_cannot_be_given_a_case(office, staff, resident):
    with pytest.raises(InvalidValue) as refused:
        services.open_case(
            office, actor=staff.lead, person=resident, subject="x", assigned_to="volunteer"
        )
    assert refused.value.field == "assigned_to"


def test_a_referral_is_in_the_disclosure_log(case, staff):
    referral = services.refer_case(
        case,
        actor=staff.worker,
        recipient="other-assisting-organisations",
        shared="name, address and the repair needed",
        reason="The housing association owns the flat.",
    )
    disclosure = Disclosure.objects.get()
    assert referral.disclosure == disclosure
    assert disclosure.person_id == case.person_id
    assert disclosure.recipient_id == "other-assisting-organisations"
    assert "repair needed" in disclosure.what and disclosure.by == staff.worker
    assert referral.purpose_id == "referrals" and "elected-representatives" in referral.basis


def test_a_recipient_the_register_does_not_name_for_the_purpose_is_refused(case, staff):
    for recipient in ("the-daily-gossip", "it-suppliers"):
        with pytest.raises(InvalidValue) as refused:
            services.refer_case(case, actor=staff.worker, recipient=recipient, shared="everything")
        assert refused.value.field == "recipient"
    assert Referral.objects.count() == 0 and Disclosure.objects.count() == 0


def test_police_are_named_for_criminal_offence_data_under_legal_requirements(
    office, staff, resident
):
    case = services.open_case(
        office,
        actor=staff.lead,
        person=resident,
        subject="Threats from a neighbour",
        special_categories=["criminal-offences"],
        criminal_offence_condition="elected-representatives",
    )
    referral = services.refer_case(case, actor=staff.lead, recipient="police", shared="the threats")
    assert referral.purpose_id == "legal-requirements"


def test_an_email_is_imported_with_its_attachment_and_sender_matched(case, staff, resident):
    item = services.import_email(case, actor=staff.worker, data=EML)
    assert item.person == resident  # matched by the normalised address
    assert item.subject == "The damp again" and "mould is back" in item.body
    assert item.received_on == date(2026, 11, 2)
    (attachment,) = item.attachments.all()
    assert attachment.filename == "mould.jpg" and attachment.size > 10


@pytest.mark.parametrize(
    "data",
    [b"", b"just some words, no headers at all", b"%PDF-1.4\n%binary", b"Subject: hi\n\nno sender"],
)
def test_a_malformed_eml_is_refused_and_nothing_stored(case, staff, data):
    with pytest.raises(InvalidValue) as refused:
        services.import_email(case, actor=staff.worker, data=data)
    assert refused.value.field == "file"
    assert Correspondence.objects.count() == 0


def test_closing_records_the_outcome_and_the_retention_date(case, staff):
    services.close_case(case, actor=staff.worker, outcome="Repair done.", closed_on=date.today())
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.retention_from == case.closed_on
    with pytest.raises(InvalidValue) as refused:
        services.add_note(case, actor=staff.worker, text="late")
    assert refused.value.field == "case"


def test_the_retention_rule_says_what_a_closed_case_keeps(case, staff):
    from lawful import registry

    source = registry.source("casework")
    services.add_note(case, actor=staff.worker, text="Called the landlord.")
    services.close_case(case, actor=staff.worker, outcome="Done", closed_on=date.today())
    case.refresh_from_db()
    assert set(source.kept_after_closing(case)) >= {"constituent", "subject", "closed_on"}
    assert source.retention_due(case.organisation, date.today()) == []
    later = date.today() + timedelta(days=200)  # the rule: 6 months from closing
    assert source.retention_due(case.organisation, later) == [case]
    services.minimise_case(case)
    case.refresh_from_db()
    assert case.description == "" and case.notes.count() == 0 and case.subject


def test_a_third_party_is_found_by_their_own_identifiers(office, case, staff, neighbour):
    from lawful import registry

    services.add_third_party(case, actor=staff.worker, person=neighbour, role="neighbour")
    held = registry.export_for(office, neighbour)["casework"]
    assert [row["id"] for row in held] == [case.pk]
    assert held[0]["your_part"] == "named in the case"


def test_a_third_party_is_flagged_in_the_constituents_access_pack(office, case, staff, neighbour):
    from lawful.rights.pack import gather_pack

    services.add_third_party(case, actor=staff.worker, person=neighbour, role="neighbour")
    pack = gather_pack(office, case.person)
    flagged = {(m.what, m.other_person_id) for m in pack.mentions}
    assert (neighbour.display_name, neighbour.pk) in flagged
    where = f"casework/case#{case.pk}/third_parties/0/name"
    assert any(m.where == where for m in pack.mentions)


def test_erasure_follows_the_rights_table(office, case, staff):
    from lawful import registry

    other = make_person(office, "Cora", "Lindqvist")
    outcome = registry.source("casework").erase(office, case.person, staff.lead)
    # Casework rests on public task: erasure does not apply, the case is kept with why.
    assert outcome.erased == [] and case.reference in outcome.kept[0]
    assert Case.objects.filter(pk=case.pk).exists()
    assert other.pk  # untouched
