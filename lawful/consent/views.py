"""The staff page "Who may we contact?": for a purpose and a channel (and a ward), how
many people may be contacted now and how many are left out for each reason.

Counts only, never who (volunteers see it too). For a role that does not see residents'
records, a count under SMALL is shown as "fewer than 5" so that a narrow question (one
ward, one reason) cannot single anyone out.
"""

from django.views.decorators.http import require_GET, require_http_methods

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.organisations.scope import get_person_for_user
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import Channel, basis_for_channel
from lawful.staff.access import Can, can, workspace_view
from lawful.staff.views import _page

from .contact import audience
from .forms import STOP_ALL, PersonConsentForm, RecordWithdrawalForm
from .models import ConsentState
from .services import record_by_contact, record_consent

SMALL = 5


def _choices(register) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(purpose id, name, [(channel, label)]) of every purpose that contacts people."""
    found = []
    for purpose in register.purposes:
        channels = purpose.marketing_channels or tuple(c for b in purpose.bases for c in b.channels)
        usable = [(c.value, c.label) for c in channels if basis_for_channel(purpose, c)]
        if usable:
            found.append((purpose.id, purpose.name, usable))
    return found


def _shown(count: int, exact: bool) -> str:
    if exact or count == 0 or count >= SMALL:
        return f"{count:,}"
    return f"fewer than {SMALL}"


@require_GET
@workspace_view(needs=Can.SEE_AUDIENCE_COUNTS)
def audience_counts(request, organisation):
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        register = None
    choices = _choices(register) if register else []
    purpose = request.GET.get("purpose", "")
    channel = request.GET.get("channel", "")
    ward = request.GET.get("ward", "").strip()
    exact = can(request.membership, Can.SEE_PEOPLE)
    result, problems = None, []
    if purpose or channel:
        people = Person.objects.for_org(organisation).filter(ward=ward) if ward else None
        try:
            found = audience(organisation, purpose, channel, people=people)
        except (InvalidValue, ValueError) as exc:
            field = getattr(exc, "field", "channel")
            problems.append((field, getattr(exc, "message", str(exc))))
        else:
            result = {
                "count": _shown(found.count, exact),
                "excluded": [(reason, _shown(n, exact)) for reason, n in found.excluded.items()],
            }
    wards = (
        Person.objects.for_org(organisation)
        .exclude(ward="")
        .order_by("ward")
        .values_list("ward", flat=True)
        .distinct()[:500]
    )
    return _page(
        request,
        "consent/staff_audience.html",
        {
            "organisation": organisation,
            "choices": choices,
            "channels": [(c.value, c.label) for c in Channel],
            "purpose": purpose,
            "channel": channel,
            "ward": ward,
            "wards": list(wards),
            "result": result,
            "problems": problems,
            "exact": exact,
            "purpose_name": dict((p, n) for p, n, _ in choices).get(purpose, purpose),
            "channel_label": Channel(channel).label if channel in Channel.slugs() else channel,
        },
        section="audience",
        status=400 if problems else 200,
    )


@require_http_methods(["GET", "POST"])
@workspace_view(needs=Can.LOG_REQUESTS)
def record_withdrawal(request, organisation):
    """ "Record a withdrawal or objection": what a person told a member of staff, found
    by the contact details they gave, never showing whose record it touched. Every role
    may use it (volunteers too: they take the calls). A role that sees residents'
    records is told how many records matched; a volunteer is told only what now holds,
    so that the page cannot be used to learn whether someone is on the organisation's
    books."""
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        register = None
    choices = _choices(register) if register else []
    form = RecordWithdrawalForm(request.POST or None, choices=choices)
    done = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = "; ".join(
            part
            for part in (
                f"name given: {data['name']}" if data["name"] else "",
                data["note"],
            )
            if part
        )
        objection = data["what"] == STOP_ALL
        try:
            result = record_by_contact(
                organisation,
                email=data["email"],
                phone=data["phone"],
                objection=objection,
                choices=form.chosen(),
                method=data["method"],
                actor=request.user,
                evidence=evidence,
            )
        except InvalidValue as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            labels = dict((c.value, c.label) for c in Channel)
            names = {p: n for p, n, _ in choices}
            done = {
                "objection": objection,
                "matched": result.matched,
                "show_count": can(request.membership, Can.SEE_PEOPLE),
                "what": [f"{names.get(p, p)} by {labels.get(c, c)}" for p, c in form.chosen()],
            }
            form = RecordWithdrawalForm(choices=choices)
    return _page(
        request,
        "consent/staff_withdrawal.html",
        {"organisation": organisation, "form": form, "done": done},
        section="withdrawal",
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@workspace_view(needs=Can.SEE_PEOPLE)
def person_consents(request, organisation, person_id: int):
    """One person's consents now, and a form to record one given or withdrawn (through
    record_consent: the register's rules, the ledger, the audit event)."""
    person = get_person_for_user(request.user, organisation, person_id)
    try:
        register = register_in_force(organisation)
    except NoRegisterInForce:
        register = None
    choices = _choices(register) if register else []
    form = PersonConsentForm(request.POST or None, choices=choices)
    recorded = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        purpose, channel = data["choice"].split("|", 1)
        try:
            record_consent(
                organisation,
                person,
                purpose=purpose,
                channel=channel,
                action=data["action"],
                method=data["method"],
                wording=data["wording"] or "Withdrawn, as told to a member of staff.",
                actor=request.user,
                form="staff: person page",
            )
        except InvalidValue as exc:
            field = {"purpose": "choice", "channel": "choice"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            recorded = dict(form.fields["choice"].choices).get(data["choice"], "")
            form = PersonConsentForm(choices=choices)
    labels = dict((c.value, c.label) for c in Channel)
    names = {p: n for p, n, _ in choices}
    states = [
        (names.get(s.purpose, s.purpose), labels.get(s.channel, s.channel), s)
        for s in ConsentState.objects.for_org(organisation).filter(person=person)
    ]
    return _page(
        request,
        "consent/staff_person_consents.html",
        {
            "organisation": organisation,
            "person": person,
            "form": form,
            "states": states,
            "recorded": recorded,
        },
        section="people",
        status=400 if form.errors else 200,
    )
