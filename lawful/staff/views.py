"""The staff workspace: dashboard, people search, a person's page, the register.

Every view of an organisation is wrapped in `workspace_view` (lawful.staff.access),
which resolves the organisation through the scope helpers and checks the role; a
person is reached only through `get_person_for_user`. Reads of personal data are
audited: a search as one event naming the kind of query and the count, a person's
page as one VIEW event.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lawful import registry
from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.notices.models import NoticeVersion
from lawful.notices.registry import BrokenRegisterInForce, NoRegisterInForce, register_in_force
from lawful.notices.services import (
    NoticeError,
    RegisterProblems,
    adopt_version,
    adopted_version,
    load_draft,
    notice_diff,
)
from lawful.organisations.scope import get_person_for_user, memberships, organisations_for
from lawful.people.models import ContactPoint
from lawful.people.search import search
from lawful.people.services import record_view
from lawful.policy.checks import check_register, check_text
from lawful.policy.register import parse_register
from lawful.policy.vocab import NoticeStatus

from .access import ROLE_DESCRIPTIONS, Can, can, workspace_view
from .forms import AdoptForm, PeopleSearchForm, RegisterUploadForm
from .panels import render_panels
from .signin import SignInForm
from .two_factor import app_device, second_factor_pending
from .two_factor_views import ask_for_second_factor

SEARCH_LIMIT = 50


class SignInView(LoginView):
    template_name = "staff/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if second_factor_pending(self.request):
            # The password was right; a code (or setting up the app) comes next.
            return ask_for_second_factor(self.request, self.get_success_url())
        return response


class SignOutView(LogoutView):
    pass


def _page(request, template: str, context: dict, *, section: str = "", status: int = 200):
    """Render a workspace page with what every page's header and menu need."""
    organisation = context.get("organisation")
    membership = getattr(request, "membership", None)
    context = {
        **context,
        "membership": membership,
        "section": section,
        "other_memberships": [
            m
            for m in memberships(request.user)
            if organisation is None or m.organisation != organisation
        ],
        "may_see_people": can(membership, Can.SEE_PEOPLE),
        "may_manage_register": can(membership, Can.MANAGE_REGISTER),
        "may_see_who_viewed": can(membership, Can.SEE_WHO_VIEWED),
        "may_handle_requests": can(membership, Can.HANDLE_REQUESTS),
        "may_log_requests": can(membership, Can.LOG_REQUESTS),
        "may_work_on_cases": can(membership, Can.WORK_ON_CASES),
        "may_see_audience_counts": can(membership, Can.SEE_AUDIENCE_COUNTS),
        "may_run_campaigns": can(membership, Can.RUN_CAMPAIGNS),
    }
    return render(request, template, context, status=status)


@login_required
@require_GET
def home(request):
    """Choose an organisation, or go straight to the only one."""
    if second_factor_pending(request):
        return ask_for_second_factor(request)
    organisations = list(organisations_for(request.user))
    if len(organisations) == 1:
        return redirect("staff:dashboard", org=organisations[0].slug)
    return _page(request, "staff/choose.html", {"organisations": organisations})


@require_GET
@workspace_view(Can.USE_WORKSPACE)
def dashboard(request, organisation):
    membership = request.membership
    return _page(
        request,
        "staff/dashboard.html",
        {
            "organisation": organisation,
            "panels": render_panels(organisation, membership, request.user),
            "role_can": ROLE_DESCRIPTIONS.get(membership.role, []),
            # Offered to those who need not have it (the others have it already).
            "offer_two_factor": app_device(request.user) is None,
        },
        section="dashboard",
    )


@require_GET
@workspace_view(Can.SEE_PEOPLE)
def people(request, organisation):
    form = PeopleSearchForm(request.GET or None)
    rows = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        result = search(organisation, form.cleaned_data["q"], limit=SEARCH_LIMIT)
        # One event for the search: what kind of query and how many found, never the text.
        record(
            AuditAction.VIEW,
            actor=request.user,
            organisation=organisation,
            summary=f"searched people by {result.kind}: {len(result.people)} found",
        )
        rows = _result_rows(organisation, result.people)
    return _page(
        request,
        "staff/people.html",
        {"organisation": organisation, "form": form, "rows": rows, "limit": SEARCH_LIMIT},
        section="people",
    )


def _result_rows(organisation, people) -> list[dict]:
    """Each person found with their postcode and email address (the primary ones)."""
    ids = [p.pk for p in people]
    firsts: dict[tuple[int, str], ContactPoint] = {}
    points = (
        ContactPoint.objects.for_org(organisation)
        .filter(person_id__in=ids, kind__in=[ContactPoint.Kind.POSTAL, ContactPoint.Kind.EMAIL])
        .order_by("person_id", "kind", "-is_primary", "pk")
    )
    for point in points:
        firsts.setdefault((point.person_id, point.kind), point)
    rows = []
    for person in people:
        postal = firsts.get((person.pk, ContactPoint.Kind.POSTAL))
        email = firsts.get((person.pk, ContactPoint.Kind.EMAIL))
        rows.append(
            {
                "person": person,
                "postcode": postal.postcode if postal else "",
                "email": email.value if email else "",
            }
        )
    return rows


@require_GET
@workspace_view(Can.SEE_PEOPLE)
def person(request, organisation, person_id: int):
    person = get_person_for_user(request.user, organisation, person_id)
    record_view(person, actor=request.user)
    held = registry.records_for(organisation, person)
    try:
        purpose_names = {p.id: p.name for p in register_in_force(organisation).purposes}
    except (NoRegisterInForce, BrokenRegisterInForce):
        purpose_names = {}
    contact_points = ContactPoint.objects.for_org(organisation).filter(person=person)
    purposes = [
        {
            "link": link,
            "name": purpose_names.get(link.purpose_id, link.purpose_id),
            # The basis in staff's words ("Legal obligation"), not the notice's ("your ...").
            "basis": _staff_words(link.basis),
            "source": _staff_words(link.source),
        }
        for link in person.purposes.all()
    ]
    sections = []
    for source in registry.sources():
        if source.key == "people":
            continue  # shown above as identity, contact details and purposes
        if source.key == "audit" and not can(request.membership, Can.SEE_WHO_VIEWED):
            continue
        sections.append({"key": source.key, "label": source.label, "records": held[source.key]})
    return _page(
        request,
        "staff/person.html",
        {
            "organisation": organisation,
            "person": person,
            "aliases": person.aliases.all(),
            "contact_points": contact_points,
            "purposes": purposes,
            "sections": sections,
        },
        section="people",
    )


@require_http_methods(["GET", "POST"])
@workspace_view(Can.SEE_REGISTER, post_needs=Can.MANAGE_REGISTER)
def register(request, organisation):
    form = RegisterUploadForm()
    problems = None
    status = 200
    if request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                draft = load_draft(
                    organisation,
                    form.cleaned_data["register_file"],
                    version=form.cleaned_data["version"],
                    today=timezone.localdate(),
                    actor=request.user,
                    description=form.cleaned_data["description"],
                )
            except RegisterProblems as error:
                problems = error.problems
                form.add_error(
                    "register_file",
                    f"The register has {len(problems)} problem"
                    f"{'s' if len(problems) != 1 else ''}: nothing was stored. "
                    "Correct the file and upload it again.",
                )
            except NoticeError as error:
                field, message = _field_message(error)
                form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    f"Draft version {draft.version} is stored. Read what it changes, then "
                    "adopt it when the council (or the lead) has agreed it.",
                )
                return redirect(
                    "staff:register-version", org=organisation.slug, version=draft.version
                )
        status = 400
    versions = (
        NoticeVersion.objects.for_org(organisation)
        .select_related("adopted_by")
        .order_by("-created_at", "-pk")
    )
    return _page(
        request,
        "staff/register.html",
        {
            "organisation": organisation,
            "versions": versions,
            "form": form,
            "problems": problems,
            "upload_name": getattr(request.FILES.get("register_file"), "name", "register"),
        },
        section="register",
        status=status,
    )


def _staff_words(slug: str) -> str:
    """A vocabulary term as staff say it ("legal-obligation" -> "Legal obligation"); the
    labels of the vocabulary speak to the resident ("your consent")."""
    return str(slug).replace("-", " ").capitalize()


_FIELDS = {"minute": "minute", "adopted on": "adopted_on", "version": "version"}


def _field_message(error: Exception) -> tuple[str | None, str]:
    """The form field a service's "field: message" error is about, and the message."""
    text = str(error)
    name, sep, message = text.partition(": ")
    if sep and name in _FIELDS:
        return _FIELDS[name], message[:1].upper() + message[1:]
    return None, text


@require_http_methods(["GET", "POST"])
@workspace_view(Can.SEE_REGISTER, post_needs=Can.MANAGE_REGISTER)
def register_version(request, organisation, version: str):
    found = NoticeVersion.objects.for_org(organisation).filter(version=version).first()
    if found is None:
        raise Http404("No such version.")
    form = AdoptForm()
    status = 200
    if request.method == "POST":
        form = AdoptForm(request.POST)
        if found.status != NoticeStatus.DRAFT:
            form.add_error(None, f"Version {found.version} is not a draft: it cannot be adopted.")
        elif form.is_valid():
            try:
                adopt_version(
                    found,
                    adopted_on=form.cleaned_data["adopted_on"],
                    minute=form.cleaned_data["minute"],
                    actor=request.user,
                )
            except NoticeError as error:
                field, message = _field_message(error)
                form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    f"Version {found.version} is adopted: the public privacy notice now shows it.",
                )
                return redirect("staff:register", org=organisation.slug)
        status = 400
    is_draft = found.status == NoticeStatus.DRAFT
    return _page(
        request,
        "staff/register_version.html",
        {
            "organisation": organisation,
            "version": found,
            "is_draft": is_draft,
            "diff": notice_diff(found) if is_draft else None,
            "in_force": adopted_version(organisation),
            "problems": _draft_problems(found) if is_draft else [],
            "form": form,
        },
        section="register",
        status=status,
    )


def _draft_problems(draft: NoticeVersion):
    """The draft's problems as of today (none when stored; a review date may pass)."""
    register, problems = parse_register(draft.register_text)
    if register is None:
        return check_text(draft.register_text, timezone.localdate())
    return problems + check_register(register, timezone.localdate())
