"""Who may do what in the workspace: the one place a view's access is decided.

A workspace view is wrapped in `workspace_view(needs=...)`. It signs the visitor in if
needed (with a second factor for those who need one: lawful.staff.two_factor), resolves
the organisation in the address through `get_org_for_user` (another organisation's
address is a 404, as if it did not exist), and checks that the role of the user's
membership there grants what the view needs. A role without it gets a 403 page saying
what that role can do, never the data.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from lawful.organisations.scope import get_org_for_user

from .models import Role
from .two_factor import second_factor_pending
from .two_factor_views import ask_for_second_factor


class Can(StrEnum):
    """What a role may do in an organisation's workspace."""

    USE_WORKSPACE = "use the workspace"
    SEE_PEOPLE = "see residents' records"
    SEE_REGISTER = "read the register and its drafts"
    MANAGE_REGISTER = "upload and adopt versions of the register"
    SEE_WHO_VIEWED = "see who viewed or changed a record"
    # Rights requests and complaints: anyone may log one received (any channel counts,
    # a doorstep conversation too); the lead handles them and sees them all.
    LOG_REQUESTS = "log a rights request or complaint received"
    HANDLE_REQUESTS = "handle rights requests and complaints"
    # Casework: which cases a role reaches is decided once, in the query layer
    # (Case.objects.visible_to); volunteers reach none, nor any special-category data.
    WORK_ON_CASES = "work on constituents' cases"
    # Campaigns: anyone may see how many may be contacted and why others may not
    # (counts only); sending and exporting a list are for the lead.
    RUN_CAMPAIGNS = "send campaign email and export lists to a mailing service"
    # Surveys: anyone may record a response and read the results (small numbers hidden);
    # making and closing surveys is for the lead and councillors; reading individual
    # responses (linked to people) is for those who see residents' records.
    RECORD_SURVEY_RESPONSES = "record survey responses and read survey results"
    RUN_SURVEYS = "make and close surveys"
    # consent: how many may be contacted for a purpose on a channel, and how many are left
    # out for each reason. Counts only, never who: volunteers plan campaigns with them.
    SEE_AUDIENCE_COUNTS = "see how many people may be contacted, and why others may not"


ROLE_CAN: dict[str, frozenset[Can]] = {
    Role.DATA_PROTECTION_LEAD: frozenset(Can),
    Role.COUNCILLOR: frozenset(
        {
            Can.USE_WORKSPACE,
            Can.SEE_PEOPLE,
            Can.SEE_REGISTER,
            Can.LOG_REQUESTS,
            Can.RECORD_SURVEY_RESPONSES,
            Can.RUN_SURVEYS,
            Can.WORK_ON_CASES,
            Can.SEE_AUDIENCE_COUNTS,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            Can.USE_WORKSPACE,
            Can.SEE_PEOPLE,
            Can.SEE_REGISTER,
            Can.LOG_REQUESTS,
            Can.RECORD_SURVEY_RESPONSES,
            Can.WORK_ON_CASES,
            Can.SEE_AUDIENCE_COUNTS,
        }
    ),
    # Volunteers deliver newsletters and run campaigns from lists made for them: they
    # see no resident's record here.
    Role.VOLUNTEER: frozenset(
        {
            Can.USE_WORKSPACE,
            Can.SEE_REGISTER,
            Can.LOG_REQUESTS,
            Can.RECORD_SURVEY_RESPONSES,
            Can.SEE_AUDIENCE_COUNTS,
        }
    ),
}

# What each role is told it can do, in the words of the 403 page and the dashboard.
ROLE_DESCRIPTIONS: dict[str, list[str]] = {
    Role.DATA_PROTECTION_LEAD: [
        "find residents and open their records",
        "see who viewed or changed a record",
        "upload a new version of the register, compare it and adopt it",
        "handle residents' rights requests and complaints",
        "see and work on every case",
        "send campaign email and export lists to a mailing service",
        "make surveys, record responses and read the results",
        "see how many people may be contacted for a purpose, and why others may not",
    ],
    Role.COUNCILLOR: [
        "find residents and open their records",
        "work on your ward's cases and the cases given to you",
        "read the register",
        "log a rights request or complaint a resident made to you",
        "make surveys, record responses and read the results",
    ],
    Role.CASEWORKER: [
        "find residents and open their records",
        "work on the cases given to you",
        "read the register",
        "log a rights request or complaint a resident made to you",
        "record survey responses and read the results",
    ],
    Role.VOLUNTEER: [
        "read the register and the privacy notice",
        "log a rights request or complaint a resident made to you",
        "ask the data protection lead for a list for a newsletter or campaign",
        "record anonymous survey responses and read the results",
        "see how many people may be contacted for a purpose, and why others may not",
    ],
}


def can(membership, what: Can) -> bool:
    return membership is not None and what in ROLE_CAN.get(membership.role, frozenset())


def workspace_view(needs: Can = Can.USE_WORKSPACE, *, post_needs: Can | None = None):
    """Wrap a view taking (request, org, ...): sign-in, organisation, role.

    The view receives the Organisation in place of its slug and finds the membership at
    `request.membership`. `post_needs`: what a POST needs beyond `needs` (e.g. reading a
    draft is for everyone who reads the register, adopting it for the lead only).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, org: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if second_factor_pending(request):
                return ask_for_second_factor(request)
            organisation, membership = get_org_for_user(request, org)
            request.organisation = organisation
            request.membership = membership
            wanted = needs
            if request.method == "POST" and post_needs is not None:
                wanted = post_needs
            if not can(membership, needs) or not can(membership, wanted):
                return refused(request, organisation, membership, wanted)
            return view(request, organisation, *args, **kwargs)

        wrapper.workspace_needs = needs
        wrapper.workspace_post_needs = post_needs
        return wrapper

    return decorate


def refused(request, organisation, membership, wanted: Can):
    return render(
        request,
        "staff/refused.html",
        {
            "organisation": organisation,
            "membership": membership,
            "wanted": wanted,
            "role_can": ROLE_DESCRIPTIONS.get(membership.role, []),
        },
        status=403,
    )
