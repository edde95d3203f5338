"""The dashboard's "Requests due" panel: open requests by due date, overdue marked, and
complaints whose acknowledgement is due."""

from django.urls import reverse

from lawful.staff.access import Can
from lawful.staff.panels import Panel, PanelContent, PanelContext, PanelItem, register_panel

from .reports import due_requests, unacknowledged_complaints
from .services import complaint_warning

SHOWN = 8


def _requests_due(ctx: PanelContext) -> PanelContent:
    slug = ctx.organisation.slug
    due = due_requests(ctx.organisation, ctx.today)
    overdue = sum(d.overdue for d in due)
    soon = sum(d.due_soon for d in due)
    items = []
    for d in due[:SHOWN]:
        r = d.request
        if d.due_on is None:
            when = "paused: waiting for a clarification"
        elif d.overdue:
            when = f"OVERDUE since {d.due_on:%d %b %Y}"
        else:
            when = f"due {d.due_on:%d %b %Y}" + (" (within 7 days)" if d.due_soon else "")
        items.append(
            PanelItem(
                f"{r.reference}: {r.get_kind_display()}",
                reverse("staff:request", kwargs={"org": slug, "request_id": r.pk}),
                when,
            )
        )
    for c in unacknowledged_complaints(ctx.organisation)[:SHOWN]:
        warning = complaint_warning(c, ctx.today)
        if warning:
            items.append(
                PanelItem(
                    f"{c.reference}: complaint",
                    reverse("staff:complaint", kwargs={"org": slug, "complaint_id": c.pk}),
                    warning,
                )
            )
    headline = (
        f"{len(due)} open request{'s' if len(due) != 1 else ''}: "
        f"{overdue} overdue, {soon} due within 7 days"
    )
    return PanelContent(
        headline=headline if due else "",
        items=items,
        empty="No open requests.",
        link=PanelItem("All requests", reverse("staff:requests", kwargs={"org": slug})),
    )


def register_requests_panel() -> None:
    register_panel(
        Panel(
            "requests-due",
            "Requests due",
            order=40,
            provide=_requests_due,
            needs=Can.HANDLE_REQUESTS,
        )
    )
