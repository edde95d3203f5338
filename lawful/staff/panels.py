"""The dashboard's panels: one list that every app appends its panel to.

An app adds (or fills) a panel from its AppConfig.ready():

    from lawful.staff.panels import Panel, PanelContent, register_panel
    register_panel(Panel(key="requests-due", title="Requests due", order=10,
                         provide=lambda ctx: PanelContent(headline="2 due this week")))

A panel whose `provide` is None stands for work an app not yet part of Lawful will
fill: the dashboard says so ("Nothing yet") rather than show a number nobody counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone

from .access import Can, can


@dataclass(frozen=True)
class PanelItem:
    text: str
    url: str = ""
    detail: str = ""


@dataclass(frozen=True)
class PanelContent:
    headline: str = ""
    items: list[PanelItem] = field(default_factory=list)
    empty: str = ""  # shown when there is no headline and no item
    link: PanelItem | None = None


@dataclass(frozen=True)
class PanelContext:
    organisation: object
    membership: object
    user: object
    today: date


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    order: int = 100
    provide: Callable[[PanelContext], PanelContent] | None = None
    # Said while no app provides the panel.
    not_yet: str = "Nothing yet."
    # Who sees the panel at all (default: everyone who uses the workspace).
    needs: Can = Can.USE_WORKSPACE


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    content: PanelContent
    available: bool


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    """Add a panel, or replace the one with the same key (an app filling a placeholder)."""
    _PANELS[panel.key] = panel
    return panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def render_panels(organisation, membership, user) -> list[RenderedPanel]:
    context = PanelContext(organisation, membership, user, timezone.localdate())
    rendered = []
    for panel in panels():
        if not can(membership, panel.needs):
            continue
        if panel.provide is None:
            rendered.append(
                RenderedPanel(panel.key, panel.title, PanelContent(empty=panel.not_yet), False)
            )
        else:
            rendered.append(RenderedPanel(panel.key, panel.title, panel.provide(context), True))
    return rendered


# --- The panels of what exists now -----------------------------------------------------


def _people(ctx: PanelContext) -> PanelContent:
    from lawful.organisations.scope import people_for

    count = people_for(ctx.organisation).filter(erased_at__isnull=True).count()
    return PanelContent(
        headline=f"{count:,} {'person' if count == 1 else 'people'} on record",
        link=PanelItem(
            "Find a person", reverse("staff:people", kwargs={"org": ctx.organisation.slug})
        ),
    )


def _notice(ctx: PanelContext) -> PanelContent:
    from lawful.notices.services import adopted_version, drafts

    slug = ctx.organisation.slug
    in_force = adopted_version(ctx.organisation)
    items = []
    if in_force is None:
        headline = "No version adopted yet: the public notice is not published."
    else:
        dated = in_force.dated
        headline = f"Version {in_force.version} in force since {dated.day} {dated:%B %Y}"
    for draft in drafts(ctx.organisation).order_by("-created_at")[:5]:
        items.append(
            PanelItem(
                f"Draft version {draft.version} waiting for adoption",
                reverse("staff:register-version", kwargs={"org": slug, "version": draft.version}),
            )
        )
    return PanelContent(
        headline=headline,
        items=items,
        link=PanelItem("Register versions", reverse("staff:register", kwargs={"org": slug})),
    )


def _register_problems(ctx: PanelContext) -> PanelContent:
    from lawful.notices.registry import NoRegisterInForce, register_in_force
    from lawful.policy.checks import check_register

    try:
        register = register_in_force(ctx.organisation)
    except NoRegisterInForce:
        return PanelContent(empty="No register in force yet.")
    problems = check_register(register, ctx.today)
    if not problems:
        return PanelContent(headline="No problems found in the register in force.")
    return PanelContent(
        headline=f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the register "
        "in force",
        items=[
            PanelItem(p.message, detail=f"Line {p.line}" + ("" if p.is_error else ", warning"))
            for p in problems[:10]
        ],
    )


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y %H:%M}"


def _recent_activity(ctx: PanelContext) -> PanelContent:
    from lawful.audit.models import AuditEvent

    # The organisation from the membership checked by the view: its own chain only.
    events = AuditEvent.objects.filter(organisation=ctx.organisation).order_by("-seq")[:8]
    items = [
        PanelItem(
            f"{e.actor_label}: {e.summary or e.get_action_display()}",
            detail=_when(e.at),
        )
        for e in events
    ]
    return PanelContent(items=items, empty="Nothing recorded yet.")


register_panel(Panel("people", "People", order=10, provide=_people, needs=Can.SEE_PEOPLE))
register_panel(Panel("notice", "Privacy notice", order=20, provide=_notice))
register_panel(Panel("register-problems", "Register checks", order=30, provide=_register_problems))
register_panel(
    Panel(
        "requests-due",
        "Requests due",
        order=40,
        needs=Can.SEE_PEOPLE,
        not_yet="Nothing yet: residents' requests (access, erasure, objection) will be "
        "listed here with their due dates once the rights desk is part of Lawful.",
    )
)
register_panel(
    Panel(
        "open-cases",
        "Open cases",
        order=50,
        needs=Can.SEE_PEOPLE,
        not_yet="Nothing yet: casework will be listed here once casework is part of Lawful.",
    )
)
register_panel(
    Panel(
        "breaches",
        "Breaches",
        order=60,
        needs=Can.SEE_WHO_VIEWED,
        not_yet="Nothing yet: personal data breaches and their 72-hour clock will be shown "
        "here once breach recording is part of Lawful.",
    )
)
register_panel(
    Panel(
        "recent-activity",
        "Recent activity",
        order=70,
        provide=_recent_activity,
        needs=Can.SEE_WHO_VIEWED,
    )
)
