"""The dashboard's "Open cases" panel: the open cases the member of staff may see (their
own need-to-know scope), the soonest due first."""

from django.db.models import F
from django.urls import reverse

from lawful.staff.access import Can
from lawful.staff.panels import Panel, PanelContent, PanelContext, PanelItem, register_panel

from .models import CaseStatus
from .scope import cases_for

SHOWN = 8


def _open_cases(ctx: PanelContext) -> PanelContent:
    cases = (
        cases_for(ctx.membership)
        .exclude(status=CaseStatus.CLOSED)
        .defer("description", "outcome")
        .order_by(F("due_on").asc(nulls_last=True), "-opened_on", "-pk")
    )
    total = cases.count()
    slug = ctx.organisation.slug
    items = []
    for case in cases[:SHOWN]:
        due = case.due_on
        detail = f"due {due:%d %b %Y}" + (" (overdue)" if due < ctx.today else "") if due else ""
        items.append(
            PanelItem(
                f"{case.reference}: {case.subject}",
                reverse("staff:case", kwargs={"org": slug, "case_id": case.pk}),
                detail,
            )
        )
    return PanelContent(
        headline=f"{total} open case{'s' if total != 1 else ''}" if total else "",
        items=items,
        empty="No open case for you.",
        link=PanelItem("All your cases", reverse("staff:cases", kwargs={"org": slug})),
    )


def register_cases_panel() -> None:
    register_panel(
        Panel("open-cases", "Open cases", order=50, provide=_open_cases, needs=Can.WORK_ON_CASES)
    )
