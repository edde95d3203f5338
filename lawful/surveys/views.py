"""Survey pages in the staff workspace: the list, making a survey, its results (small
numbers hidden), recording a response, and the individual responses.

Every view is wrapped in `workspace_view`; surveys are reached only through
`lawful.surveys.scope`; every change goes through `lawful.surveys.services`; reading the
individual responses is audited as a view.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from lawful.audit.events import AuditAction
from lawful.audit.services import record
from lawful.organisations.scope import get_person_for_user
from lawful.policy.surveys import THRESHOLD
from lawful.staff.access import Can, can, workspace_view
from lawful.staff.views import _page

from . import services
from .forms import ResponseForm, SurveyForm
from .models import Response, Survey
from .scope import get_survey_for_user


def _survey_url(organisation, survey) -> str:
    return reverse("staff:survey", kwargs={"org": organisation.slug, "survey_id": survey.pk})


def _context(request, organisation, **extra):
    return {
        "organisation": organisation,
        "may_run_surveys": can(request.membership, Can.RUN_SURVEYS),
        "may_see_responses": can(request.membership, Can.SEE_PEOPLE),
        **extra,
    }


@workspace_view(Can.RECORD_SURVEY_RESPONSES)
@require_GET
def surveys_list(request, organisation):
    surveys = Survey.objects.for_org(organisation).order_by("-created_at", "-pk")[:200]
    return _page(
        request,
        "surveys/list.html",
        _context(request, organisation, surveys=surveys),
        section="surveys",
    )


@workspace_view(Can.RUN_SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_new(request, organisation):
    purposes = services.survey_purpose_choices(organisation)
    form = SurveyForm(request.POST or None, purposes=purposes)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                organisation,
                title=form.cleaned_data["title"],
                purpose_id=form.cleaned_data["purpose"],
                description=form.cleaned_data["description"],
                questions=form.specs(),
                actor=request.user,
            )
        except services.SurveyProblem as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"The survey “{survey.title}” was made.")
            return redirect(_survey_url(organisation, survey))
    return _page(
        request,
        "surveys/new.html",
        _context(request, organisation, form=form, purposes=purposes),
        section="surveys",
        status=422 if form.errors else 200,
    )


@workspace_view(Can.RECORD_SURVEY_RESPONSES, post_needs=Can.RUN_SURVEYS)
@require_http_methods(["GET", "POST"])
def survey_detail(request, organisation, survey_id):
    """The survey's questions and results; POST closes it."""
    survey = get_survey_for_user(request.user, organisation, survey_id)
    if request.method == "POST":
        services.close_survey(survey, actor=request.user)
        messages.success(request, "The survey is closed: it takes no more responses.")
        return redirect(_survey_url(organisation, survey))
    total, rows = services.results(survey)
    return _page(
        request,
        "surveys/detail.html",
        _context(request, organisation, survey=survey, total=total, rows=rows, threshold=THRESHOLD),
        section="surveys",
    )


@workspace_view(Can.RECORD_SURVEY_RESPONSES)
@require_http_methods(["GET", "POST"])
def survey_respond(request, organisation, survey_id):
    survey = get_survey_for_user(request.user, organisation, survey_id)
    may_link = can(request.membership, Can.SEE_PEOPLE)
    form = ResponseForm(request.POST or None, survey=survey, may_link_person=may_link)
    if request.method == "POST" and form.is_valid():
        person = None
        person_id = form.cleaned_data.get("person")
        try:
            if person_id:
                try:
                    person = get_person_for_user(request.user, organisation, person_id)
                except Http404:
                    problem = [("person", "no person has that number")]
                    raise services.SurveyProblem(problem) from None
            services.record_response(
                survey,
                answers=form.answers(),
                person=person,
                via=form.cleaned_data["via"],
                actor=request.user,
            )
        except services.SurveyProblem as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "The response was recorded.")
            return redirect(
                reverse(
                    "staff:survey-respond",
                    kwargs={"org": organisation.slug, "survey_id": survey.pk},
                )
            )
    return _page(
        request,
        "surveys/respond.html",
        _context(request, organisation, survey=survey, form=form),
        section="surveys",
        status=422 if form.errors else 200,
    )


@workspace_view(Can.SEE_PEOPLE)
@require_GET
def survey_responses(request, organisation, survey_id):
    """Each response with its answers and the person it is linked to: audited."""
    survey = get_survey_for_user(request.user, organisation, survey_id)
    responses = list(
        Response.objects.for_org(organisation)
        .filter(survey=survey)
        .select_related("person")
        .prefetch_related("answers__question")
        .order_by("-recorded_at", "-pk")[:500]
    )
    record(
        AuditAction.VIEW,
        actor=request.user,
        target=survey,
        summary=f"read the responses to survey {survey.pk}: {len(responses)} shown",
    )
    return _page(
        request,
        "surveys/responses.html",
        _context(request, organisation, survey=survey, responses=responses),
        section="surveys",
    )
