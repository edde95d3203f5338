"""The public consent pages, under /o/<slug>/ (and the organisation's own host name):

- sign-up: an unticked box per purpose and channel; with an email address, nothing is
  stored until the person confirms from the email we send (double opt-in);
- confirm/<token>: the confirmation (a button: a mail scanner following the link does
  not confirm), which records each consent with its evidence;
- preferences/<token>: every consent given, each withdrawn in one click; or stop all
  marketing (an objection);
- unsubscribe/<token>: RFC 8058 one-click unsubscribe: a POST with
  `List-Unsubscribe=One-Click` (no CSRF token: a mail client sends it) withdraws at once;
  a GET shows a page with the button.
A honeypot field and an hourly limit per client keep bots out; no third-party captcha.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.people import services as people
from lawful.people.models import Person
from lawful.people.normalise import InvalidValue
from lawful.policy.contact import ConsentAction, ConsentMethod, channel_label
from lawful.public.views import public_organisation
from lawful.rights.public_views import _too_many

from . import links, services
from .forms import SignUpForm
from .models import ConsentState

SIGN_UP = "consent-sign-up"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _register(organisation):
    try:
        return register_in_force(organisation)
    except NoRegisterInForce:
        return None


def _notice_version(organisation) -> str:
    from lawful.notices.services import adopted_version

    version = adopted_version(organisation)
    return version.version if version else ""


@require_http_methods(["GET", "POST"])
def sign_up(request, slug=None):
    organisation = public_organisation(request, slug)
    register = _register(organisation)
    if register is None:
        return render(request, "public/no_notice.html", {"organisation": organisation}, status=404)
    form = SignUpForm(request.POST or None, organisation=organisation, register=register)
    status = 200
    if request.method == "POST":
        status = 400
        if _too_many(request, organisation, "sign-up"):
            form.add_error(
                None,
                "You have sent several forms in the last hour. Please try again later, "
                "or write to us or phone us instead.",
            )
            status = 429
        elif form.is_bot():
            # Said as if it worked: a bot learns nothing; a person never sees the field.
            return render(request, "consent/check_email.html", {"organisation": organisation})
        elif form.is_valid():
            data = {
                "given_name": form.cleaned_data["given_name"],
                "family_name": form.cleaned_data["family_name"],
                "email": form.cleaned_data["email"],
                "phone": form.cleaned_data["phone"],
                "choices": [list(c) for c in form.choices()],
                "wordings": [form.wordings[c] for c in form.choices()],
                "notice_version": _notice_version(organisation),
                "ip": _client_ip(request),
                "at": timezone.now().isoformat(),
            }
            if data["email"]:
                _send_confirmation(organisation, data)
                return render(
                    request,
                    "consent/check_email.html",
                    {"organisation": organisation, "register": register},
                )
            try:
                person = _confirm(organisation, data, request, confirmed_by_email=False)
            except InvalidValue as exc:
                form.add_error(None, exc.message)
            else:
                return _to_preferences(organisation, person)
    return render(
        request,
        "consent/sign_up.html",
        {"organisation": organisation, "register": register, "form": form},
        status=status,
    )


def _send_confirmation(organisation, data: dict) -> None:
    url = links.confirm_url(organisation, data)
    body = render_to_string(
        "consent/confirm_email.txt",
        {
            "organisation": organisation,
            "url": url,
            "days": settings.LAWFUL_CONFIRM_LINK_DAYS,
            "wordings": data["wordings"],
        },
    )
    send_mail(
        f"Please confirm: {organisation.name}",
        body,
        None,
        [data["email"]],
    )


def _to_preferences(organisation, person):
    url = links.preferences_url(organisation, person)
    return redirect(url.removeprefix(settings.LAWFUL_PUBLIC_URL) + "?welcome=1")


def _confirm(organisation, data: dict, request, *, confirmed_by_email: bool) -> Person:
    """The person (found by their email address, or added) and each consent recorded,
    with the evidence: the wording, the notice version, when and from where."""
    when = timezone.now()
    evidence = f"Signed up on the web form at {data['at']} from {data.get('ip') or 'unknown'}"
    if confirmed_by_email:
        evidence += (
            f"; confirmed from the link emailed to them at {when.isoformat()} "
            f"from {_client_ip(request) or 'unknown'}"
        )
    with transaction.atomic():
        person = None
        if data.get("email"):
            person = people.find_by_contact(organisation, data["email"]).first()
        if person is None and data.get("phone"):
            person = people.find_by_contact(organisation, data["phone"]).first()
        if person is None:
            person = people.create_person(
                organisation=organisation,
                actor=request.user,
                given_name=data["given_name"],
                family_name=data["family_name"],
                emails=[data["email"]] if data.get("email") else [],
                phones=[data["phone"]] if data.get("phone") else [],
            )
        for (purpose, channel), words in zip(data["choices"], data["wordings"], strict=True):
            if _already_confirmed(person, purpose, channel, data["at"]):
                continue  # the same link confirmed twice: recorded once
            services.record_consent(
                organisation,
                person,
                purpose=purpose,
                channel=channel,
                action=ConsentAction.GRANT,
                method=ConsentMethod.WEB_FORM,
                wording=words,
                actor=request.user,
                notice_version=data.get("notice_version") or "",
                form="sign-up",
                ip_address=data.get("ip"),
                evidence=evidence,
            )
    return person


def _already_confirmed(person, purpose: str, channel: str, signed_up_at: str) -> bool:
    from .models import ConsentEvent

    return ConsentEvent.objects.filter(
        person=person,
        purpose=purpose,
        channel=channel,
        action=ConsentAction.GRANT,
        form="sign-up",
        evidence__startswith=f"Signed up on the web form at {signed_up_at} ",
    ).exists()


@require_http_methods(["GET", "POST"])
def confirm(request, confirm_token, slug=None):
    organisation = public_organisation(request, slug)
    try:
        link = links.read_link("confirm", confirm_token, organisation)
    except links.BadLink as exc:
        return _bad_link(request, organisation, exc)
    if request.method == "POST":
        try:
            person = _confirm(organisation, link.data, request, confirmed_by_email=True)
        except InvalidValue as exc:
            return render(
                request,
                "consent/bad_link.html",
                {"organisation": organisation, "message": exc.message},
                status=400,
            )
        return render(
            request,
            "consent/confirmed.html",
            {
                "organisation": organisation,
                "preferences": links.preferences_url(organisation, person),
            },
        )
    return render(
        request,
        "consent/confirm.html",
        {"organisation": organisation, "wordings": link.data.get("wordings", [])},
    )


def _bad_link(request, organisation, exc):
    return render(
        request,
        "consent/bad_link.html",
        {"organisation": organisation, "message": str(exc), "expired": exc.expired},
        status=400,
    )


def _person(organisation, link) -> Person | None:
    return Person.objects.for_org(organisation).filter(pk=link.person_id).first()


@require_http_methods(["GET", "POST"])
def preferences(request, preferences_token, slug=None):
    organisation = public_organisation(request, slug)
    try:
        link = links.read_link("preferences", preferences_token, organisation)
    except links.BadLink as exc:
        return _bad_link(request, organisation, exc)
    person = _person(organisation, link)
    if person is None or person.erased_at is not None:
        return _bad_link(request, organisation, links.BadLink("We no longer hold your details."))
    register = _register(organisation)
    names = {p.id: p.name for p in register.purposes} if register else {}
    message = ""
    if request.method == "POST":
        if request.POST.get("stop_all"):
            services.record_objection(
                organisation,
                person,
                method=ConsentMethod.WEB_FORM,
                actor=request.user,
                evidence=f"On the preferences page, from {_client_ip(request) or 'unknown'}",
            )
            message = "We will not send you any marketing again, on any channel."
        else:
            purpose, channel = request.POST.get("purpose", ""), request.POST.get("channel", "")
            state = ConsentState.objects.filter(
                person=person, purpose=purpose, channel=channel, granted=True
            ).first()
            if state is not None:
                _withdraw(request, organisation, person, purpose, channel, "preferences")
                message = (
                    f"Done: we will not contact you by {channel_label(channel)} for "
                    f"{names.get(purpose, purpose)}."
                )
            else:
                message = "That consent was already withdrawn."
    states = ConsentState.objects.filter(person=person).order_by("purpose", "channel")
    rows = [
        {
            "purpose": s.purpose,
            "purpose_name": names.get(s.purpose, s.purpose),
            "channel": s.channel,
            "channel_label": channel_label(s.channel),
            "granted": s.granted,
            "since": s.since,
        }
        for s in states
    ]
    return render(
        request,
        "consent/preferences.html",
        {
            "organisation": organisation,
            "register": register,
            "person": person,
            "rows": rows,
            "message": message,
            "welcome": request.GET.get("welcome") == "1",
        },
    )


def _withdraw(request, organisation, person, purpose, channel, form):
    services.record_consent(
        organisation,
        person,
        purpose=purpose,
        channel=channel,
        action=ConsentAction.WITHDRAW,
        method=ConsentMethod.WEB_FORM,
        wording="Withdrawn by the person.",
        actor=request.user,
        form=form,
        ip_address=_client_ip(request),
        evidence=f"Withdrawn on the {form} page",
    )


@csrf_exempt  # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, with no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, unsubscribe_token, slug=None):
    organisation = public_organisation(request, slug)
    try:
        link = links.read_link("unsubscribe", unsubscribe_token, organisation)
    except links.BadLink as exc:
        return _bad_link(request, organisation, exc)
    person = _person(organisation, link)
    register = _register(organisation)
    names = {p.id: p.name for p in register.purposes} if register else {}
    context = {
        "organisation": organisation,
        "purpose_name": names.get(link.purpose, link.purpose),
        "channel_label": channel_label(link.channel) if link.channel else "",
        "done": False,
    }
    if request.method == "POST":
        if person is not None and person.erased_at is None:
            state = ConsentState.objects.filter(
                person=person, purpose=link.purpose, channel=link.channel
            ).first()
            if state is None or state.granted:
                try:
                    _withdraw(
                        request, organisation, person, link.purpose, link.channel, "unsubscribe"
                    )
                except InvalidValue:
                    pass  # a purpose no longer in the register: nothing is sent for it
            context["preferences"] = links.preferences_url(organisation, person)
        context["done"] = True
    return render(request, "consent/unsubscribe.html", context)
