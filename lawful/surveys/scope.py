"""The one way to reach a survey: through the user's organisation (another's is a 404)."""

from django.http import Http404

from lawful.organisations.scope import membership_for

from .models import Survey


def get_survey_for_user(user, organisation, survey_id) -> Survey:
    if membership_for(user, organisation) is None:
        raise Http404("No such survey.")
    try:
        return Survey.objects.for_org(organisation).get(pk=int(survey_id))
    except (Survey.DoesNotExist, TypeError, ValueError):
        raise Http404("No such survey.") from None
