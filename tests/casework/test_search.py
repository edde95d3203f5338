"""Search of cases by the words of their encrypted text, through keyed tokens
(lawful.casework.search): whole words, every word, within the caller's scope only."""

from datetime import date

import pytest
from django.db import connection

from lawful.casework import search, services
from lawful.casework.models import Case, CaseSearchToken
from lawful.casework.scope import cases_for, search_cases
from lawful.crypto import envelope
from lawful.organisations.models import Membership
from lawful.policy.search import token

from .conftest import make_person
from .test_services import EML

pytestmark = pytest.mark.django_db


def found(user, office, q):
    membership = Membership.objects.get(user=user, organisation=office)
    return set(search_cases(cases_for(membership), q).values_list("pk", flat=True))


def open_case(office, staff, person, subject="Housing repair", description="", **kw):
    return services.open_case(
        office,
        actor=staff.lead,
        person=person,
        subject=subject,
        description=description,
        ward=kw.pop("ward", "Northgate"),
        assigned_to=kw.pop("assigned_to", "worker"),
        **kw,
    )


def test_a_word_of_the_description_finds_the_case_in_any_case_but_only_whole(case, staff):
    office = case.organisation
    assert found(staff.lead, office, "ASTHMA") == {case.pk}
    assert found(staff.lead, office, "asthma mould") == {case.pk}  # every word
    assert found(staff.lead, office, "asthma gutters") == set()
    assert found(staff.lead, office, "asth") == set()  # whole words only
    assert found(staff.lead, office, "bedro") == {case.pk}  # the subject: any part


def test_an_old_case_beyond_the_former_scan_is_found(office, staff, resident):
    # The old search decrypted the 5,000 newest cases only; make the oldest one the last
    # among many by its opening date, and keep the rest cheap (tokens as the service does).
    old = open_case(office, staff, resident, description="Rats under the pavilion floor")
    Case.objects.filter(pk=old.pk).update(opened_on=date(2020, 1, 1))
    newer = [
        Case(
            organisation=office,
            person=resident,
            subject="Bins",
            description="",
            ward="Northgate",
            opened_on=date.today(),
            purpose_id=old.purpose_id,
        )
        for _ in range(5001)
    ]
    Case.objects.bulk_create(newer, batch_size=1000)
    assert found(staff.lead, office, "pavilion") == {old.pk}


def test_words_of_a_note_and_of_correspondence_find_the_case(case, staff):
    office = case.organisation
    services.add_note(case, actor=staff.worker, text="Surgery with the housing officer")
    services.import_email(case, actor=staff.worker, data=EML)
    assert found(staff.worker, office, "officer") == {case.pk}
    assert found(staff.worker, office, "bedroom") == {case.pk}  # the email's body
    assert found(staff.worker, office, "damp again") == {case.pk}  # its subject


def test_a_case_out_of_scope_is_never_found_though_it_has_the_token(office, staff, resident):
    theirs = open_case(
        office,
        staff,
        resident,
        description="Zeppelin noise",
        ward="Southgate",
        assigned_to="worker2",
    )
    key = envelope.active_key(office).search_key
    assert CaseSearchToken.objects.filter(case=theirs, token=token(key, "zeppelin")).exists()
    assert found(staff.lead, office, "zeppelin") == {theirs.pk}
    for outsider in (staff.cllr_a, staff.worker, staff.volunteer):
        assert found(outsider, office, "zeppelin") == set()
    assert found(staff.cllr_b, office, "zeppelin") == {theirs.pk}  # their ward


def test_the_same_word_gives_different_tokens_in_different_organisations(case, staff):
    from lawful.organisations.services import create_organisation
    from tests.conftest import EXAMPLES, TODAY

    other = create_organisation(
        "southgate-cllrs", (EXAMPLES / "councillors-office.yaml").read_text(), today=TODAY
    )
    person = make_person(other, "Dana", "Whitlock")
    theirs = services.open_case(
        other, actor=None, person=person, subject="Repairs", description="asthma"
    )
    mine = set(CaseSearchToken.objects.filter(case=case).values_list("token", flat=True))
    their = set(CaseSearchToken.objects.filter(case=theirs).values_list("token", flat=True))
    assert their and not (mine & their)
    assert (
        envelope.active_key(other).search_key != envelope.active_key(case.organisation).search_key
    )


def test_the_search_key_is_not_the_encryption_key(case):
    key = envelope.active_key(case.organisation)
    assert key.search_key not in (key.fernet._signing_key, key.fernet._encryption_key)
    assert len(key.search_key) == 32


def test_after_a_key_rotation_search_still_finds_and_the_old_tokens_are_gone(case, staff):
    from lawful.crypto.services import rotate_organisation

    office = case.organisation
    services.add_note(case, actor=staff.worker, text="Plasterer booked")
    old = set(CaseSearchToken.objects.values_list("token", flat=True))
    rotate_organisation(office, actor=staff.lead, batch_size=1)
    new = set(CaseSearchToken.objects.values_list("token", flat=True))
    assert len(new) == len(old) and not (old & new)
    assert found(staff.lead, office, "plasterer asthma") == {case.pk}


def test_while_a_rotation_is_under_way_both_keys_find(office, staff, resident, case):
    from lawful.crypto.services import rotate_organisation

    second = open_case(office, staff, resident, description="Asthma inhaler lost")

    class Interrupted(Exception):
        pass

    def stop(label, values):
        if label.startswith("rekey:"):
            raise Interrupted

    with pytest.raises(Interrupted):
        rotate_organisation(office, actor=staff.lead, batch_size=1, after_batch=stop)
    # The first case's tokens are under the new key, the second's still under the old.
    assert found(staff.lead, office, "asthma") == {case.pk, second.pk}
    rotate_organisation(office, actor=staff.lead, batch_size=1)
    assert found(staff.lead, office, "asthma") == {case.pk, second.pk}
    assert found(staff.lead, office, "inhaler") == {second.pk}


def test_minimising_removes_the_words_of_the_text_deleted(case, staff):
    office = case.organisation
    services.add_note(case, actor=staff.worker, text="Plasterer booked")
    services.close_case(case, actor=staff.worker, outcome="Done", closed_on=date.today())
    services.minimise_case(case)
    assert not CaseSearchToken.objects.filter(case=case).exists()
    assert found(staff.lead, office, "plasterer") == set()
    assert found(staff.lead, office, "asthma") == set()
    assert found(staff.lead, office, "bedroom") == {case.pk}  # the subject is kept


def test_erasing_a_case_removes_its_tokens(case, staff):
    services.erase_case(case, actor=staff.lead)
    assert not CaseSearchToken.objects.exists()
    assert found(staff.lead, case.organisation, "asthma") == set()


def test_the_token_table_holds_no_word(case, staff):
    services.add_note(case, actor=staff.worker, text="Spoke to Mrs Okonkwo about her inhaler")
    services.import_email(case, actor=staff.worker, data=EML)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CaseSearchToken._meta.db_table}")  # noqa: S608
        raw = repr(cursor.fetchall()).casefold()
    assert CaseSearchToken.objects.count() >= 10
    for word in ("asthma", "mould", "okonkwo", "inhaler", "bedroom", "damp", "child"):
        assert word not in raw


def test_reindex_rebuilds_tokens_written_around_the_services(case, staff):
    from django.core.management import call_command

    CaseSearchToken.objects.all().delete()
    assert found(staff.lead, case.organisation, "asthma") == set()
    call_command("keys", "reindex", "--org", case.organisation.slug, verbosity=0)
    assert found(staff.lead, case.organisation, "asthma") == {case.pk}
    again = search.rebuild(case)
    assert again == CaseSearchToken.objects.filter(case=case).count()


def test_a_query_of_short_or_common_words_matches_subjects_only(case, staff):
    office = case.organisation
    # "with" is a common word, "a" too short: not looked up in the text ("a disabled
    # child's asthma"), but "in the" is part of the subject "Damp in the bedroom".
    assert found(staff.lead, office, "with") == set()
    assert found(staff.lead, office, "a") == {case.pk}  # the subject holds an "a"
    assert found(staff.lead, office, "in the") == {case.pk}
    assert found(staff.lead, office, "") == {case.pk}
