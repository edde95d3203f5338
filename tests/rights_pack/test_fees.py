"""The first copy is free; a fee only for further copies or a manifestly unfounded or
excessive request, with the reason recorded."""

import pytest

from lawful.audit.models import AuditEvent
from lawful.policy.fees import fee_problem
from lawful.rights.pack_service import PackRefused, record_pack_download, request_pack

pytestmark = pytest.mark.django_db


def test_the_policy_allows_a_fee_only_on_its_grounds_with_a_reason():
    assert fee_problem(copy_number=1, fee_pence=0, ground="", reason="") is None
    assert fee_problem(copy_number=1, fee_pence=1000, ground="", reason="x").field == "fee_ground"
    first = fee_problem(copy_number=1, fee_pence=1000, ground="further-copy", reason="x")
    assert first.message == "this is the first copy, which is free"
    assert fee_problem(copy_number=2, fee_pence=1000, ground="further-copy", reason=" ").field == (
        "fee_reason"
    )
    assert fee_problem(copy_number=2, fee_pence=1000, ground="further-copy", reason="x") is None
    assert (
        fee_problem(copy_number=1, fee_pence=500, ground="manifestly-excessive", reason="x") is None
    )


def test_the_first_copy_is_free_and_a_fee_on_it_is_refused(clerk, access_request):
    with pytest.raises(PackRefused) as refused:
        request_pack(access_request, actor=clerk, fee_pence=1000, fee_ground="further-copy",
                     fee_reason="another copy")  # fmt: skip
    assert refused.value.field == "fee_ground"
    assert not access_request.pack_copies.exists()

    copy = request_pack(access_request, actor=clerk)
    assert (copy.copy_number, copy.fee_pence) == (1, 0)


def test_a_further_copy_after_one_was_given_may_carry_a_fee_with_its_reason(clerk, access_request):
    first = request_pack(access_request, actor=clerk)  # built at once by the test backend
    first.refresh_from_db()
    record_pack_download(first, actor=clerk, via="the staff page")

    second = request_pack(
        access_request,
        actor=clerk,
        fee_pence=1000,
        fee_ground="further-copy",
        fee_reason="A second copy of the same information, asked for on 3 December.",
    )

    assert second.copy_number == 2 and second.fee_pence == 1000
    assert second.fee_reason.startswith("A second copy")
    assert AuditEvent.objects.filter(
        target_type="rights.accesspackcopy", target_id=str(second.pk), summary__contains="fee 10.00"
    ).exists()


def test_a_manifestly_excessive_request_needs_its_reason(clerk, access_request):
    with pytest.raises(PackRefused) as refused:
        request_pack(access_request, actor=clerk, fee_pence=2000,
                     fee_ground="manifestly-excessive", fee_reason="")  # fmt: skip
    assert refused.value.field == "fee_reason"


def test_only_an_access_request_with_a_confirmed_person_has_a_pack(org, clerk, resident):
    from .conftest import make_request

    with pytest.raises(PackRefused) as not_access:
        request_pack(make_request(org, resident, kind="erasure"), actor=clerk)
    assert not_access.value.field == "kind"
    with pytest.raises(PackRefused) as no_person:
        request_pack(make_request(org, None), actor=clerk)
    assert no_person.value.field == "person"


# --- A fee asked for waits on the clock (lawful.policy.clock) -------------------------------


def _events(rights_request):
    return list(rights_request.events.order_by("on", "pk").values_list("type", flat=True))


def test_a_fee_asked_for_stops_the_clock_until_it_arrives_then_the_month_starts_again(
    clerk, access_request
):
    from django.utils import timezone

    from lawful.policy.clock import response_due
    from lawful.rights.services import record_event

    request_pack(access_request, actor=clerk, fee_pence=2500, fee_ground="manifestly-excessive",
                 fee_reason="The twelfth identical request this month.")  # fmt: skip

    access_request.refresh_from_db()
    assert _events(access_request) == ["fee-requested"]
    assert access_request.status == "awaiting-fee"
    event = access_request.events.get()
    assert "£25.00" in event.reason and "twelfth identical" in event.reason
    today = timezone.localdate()
    record_event(access_request, type="fee-received", on=today, actor=clerk)
    access_request.refresh_from_db()
    assert access_request.status == "in-progress"
    assert access_request.clock_started_on == today
    assert access_request.due_on == response_due(today, access_request.organisation.nation)


def test_a_further_copys_fee_is_asked_for_once_however_often_the_copy_is_rebuilt(
    clerk, access_request
):
    first = request_pack(access_request, actor=clerk)
    record_pack_download(first, actor=clerk, via="the staff page")
    access_request.refresh_from_db()
    assert _events(access_request) == []  # the first copy is free: no wait

    fee = {"fee_pence": 1000, "fee_ground": "further-copy", "fee_reason": "A second copy."}
    request_pack(access_request, actor=clerk, **fee)
    access_request.refresh_from_db()
    request_pack(access_request, actor=clerk, **fee)  # rebuilt before it was given

    access_request.refresh_from_db()
    assert _events(access_request) == ["fee-requested"]
    assert access_request.status == "awaiting-fee"


def test_a_fee_for_a_copy_after_the_request_was_closed_is_noted_not_clocked(clerk, access_request):
    from lawful.rights.services import close_request

    first = request_pack(access_request, actor=clerk)
    record_pack_download(first, actor=clerk, via="the staff page")
    close_request(access_request, outcome="completed", on="2026-11-20", actor=clerk)

    request_pack(access_request, actor=clerk, fee_pence=1000, fee_ground="further-copy",
                 fee_reason="Asked for again in December.")  # fmt: skip

    access_request.refresh_from_db()
    assert _events(access_request) == ["completed", "note"]
    assert access_request.status == "completed"
    assert "£10.00 for copy 2" in access_request.events.get(type="note").reason
