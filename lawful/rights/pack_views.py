"""Staff pages for an access request's response pack, other people's data in it, and
the letters to the requester.

    /staff/<org>/requests/<id>/pack            build (POST) and follow the pack
    /staff/<org>/requests/<id>/pack/download   the zip (audited as an export)
    /staff/<org>/requests/<id>/pack/flags      withhold or release others' data
    /staff/<org>/requests/<id>/letters         send a letter, by email or as a PDF
    /staff/<org>/letters/?kind=<kind>          reword a kind of letter, with a preview
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from lawful.staff.access import Can, workspace_view
from lawful.staff.views import _page

from . import letters
from .forms import LetterTemplateForm
from .pack_models import Decision, FeeGround, LetterChannel, LetterKind, ThirdPartyFlag
from .pack_service import (
    PackRefused,
    latest_pack,
    pack_filename,
    pending_flags,
    ready_pack,
    record_pack_download,
    request_pack,
)


def _rights_request(organisation, request_id: int):
    from .models import RightsRequest

    found = (
        RightsRequest.objects.for_org(organisation).select_related("person").filter(pk=request_id)
    ).first()
    if found is None:
        raise Http404("No such request")
    return found


def _pounds_to_pence(text: str) -> int:
    text = (text or "").strip().lstrip("£")
    if not text:
        return 0
    try:
        pence = round(float(text) * 100)
    except ValueError:
        raise PackRefused("fee", f"{text!r} is not an amount in pounds, e.g. 10.00") from None
    return pence


@workspace_view(needs=Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def pack(request, organisation, request_id: int):
    rights_request = _rights_request(organisation, request_id)
    problem = None
    if request.method == "POST":
        try:
            request_pack(
                rights_request,
                actor=request.user,
                fee_pence=_pounds_to_pence(request.POST.get("fee", "")),
                fee_ground=request.POST.get("fee_ground", ""),
                fee_reason=request.POST.get("fee_reason", ""),
            )
        except PackRefused as refused:
            problem = refused
        else:
            messages.success(request, "The pack is being built: this page shows its progress.")
            return redirect(_pack_url(organisation, rights_request))
    copy = latest_pack(rights_request)
    return _page(
        request,
        "rights/pack.html",
        {
            "organisation": organisation,
            "rights_request": rights_request,
            "copy": copy,
            "ready": ready_pack(rights_request),
            "pending_flags": pending_flags(rights_request),
            "fee_grounds": [g for g in FeeGround if g.value],
            "problem": problem,
        },
        section="requests",
        status=422 if problem else 200,
    )


def _pack_url(organisation, rights_request) -> str:
    return reverse("staff:request-pack", args=[organisation.slug, rights_request.pk])


@workspace_view(needs=Can.HANDLE_REQUESTS)
@require_GET
def pack_download(request, organisation, request_id: int):
    rights_request = _rights_request(organisation, request_id)
    copy = ready_pack(rights_request)
    if copy is None:
        raise Http404("The pack is not built yet")
    record_pack_download(copy, actor=request.user, via="the staff page")
    response = HttpResponse(bytes(copy.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pack_filename(copy)}"'
    return response


@workspace_view(needs=Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def pack_flags(request, organisation, request_id: int):
    from .pack_service import decide_flag

    rights_request = _rights_request(organisation, request_id)
    flags = ThirdPartyFlag.objects.for_org(organisation).filter(request=rights_request)
    problem = None
    if request.method == "POST":
        flag = flags.filter(pk=request.POST.get("flag") or 0).first()
        if flag is None:
            raise Http404("No such flag")
        try:
            decide_flag(
                flag,
                actor=request.user,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except PackRefused as refused:
            problem = refused
        else:
            messages.success(request, "Decision recorded. Build the pack again to apply it.")
            return redirect(
                reverse("staff:request-pack-flags", args=[organisation.slug, request_id])
            )
    return _page(
        request,
        "rights/pack_flags.html",
        {
            "organisation": organisation,
            "rights_request": rights_request,
            "flags": flags,
            "decisions": [d for d in Decision if d.value],
            "problem": problem,
        },
        section="requests",
        status=422 if problem else 200,
    )


@workspace_view(needs=Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_letters(request, organisation, request_id: int):
    rights_request = _rights_request(organisation, request_id)
    problem = None
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        channel = request.POST.get("channel", "")
        try:
            _, letter = letters.send_letter(
                rights_request,
                kind,
                actor=request.user,
                channel=channel,
                reason=request.POST.get("reason", ""),
            )
        except letters.LetterProblem as refused:
            problem = refused
        else:
            if channel == LetterChannel.POST:
                response = HttpResponse(letters.letter_pdf(letter), content_type="application/pdf")
                name = f"{rights_request.reference}-{kind}.pdf"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            messages.success(request, "The letter was sent by email and recorded.")
            return redirect(reverse("staff:request-letters", args=[organisation.slug, request_id]))
    return _page(
        request,
        "rights/letters.html",
        {
            "organisation": organisation,
            "rights_request": rights_request,
            "kinds": list(LetterKind),
            "channels": list(LetterChannel),
            "sent": rights_request.letters.all(),
            "problem": problem,
        },
        section="requests",
        status=422 if problem else 200,
    )


@workspace_view(needs=Can.HANDLE_REQUESTS)
@require_http_methods(["GET", "POST"])
def letter_templates(request, organisation):
    """The organisation's wording of each kind of letter: edit, preview, save (audited
    by letters.save_template). A bad template is refused naming the field and line."""
    from .pack_models import LetterTemplate

    kind = request.POST.get("kind") or request.GET.get("kind") or LetterKind.ACKNOWLEDGEMENT
    if kind not in LetterKind.values:
        raise Http404("No such kind of letter")
    subject, body = letters.wording(organisation, kind)
    form = LetterTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    preview = None
    if request.method == "POST" and form.is_valid():
        words = {"subject": form.cleaned_data["subject"], "body": form.cleaned_data["body"]}
        try:
            if request.POST.get("action") == "save":
                letters.save_template(organisation, kind, actor=request.user, **words)
                messages.success(
                    request, f"The {LetterKind(kind).label} letter is saved in your wording."
                )
                url = reverse("staff:letter-templates", args=[organisation.slug])
                return redirect(f"{url}?kind={kind}")
            preview = letters.preview_letter(organisation, kind, **words)
        except letters.LetterProblem as problem:
            form.add_error(problem.field if problem.field in form.fields else None, problem.message)
    own = set(LetterTemplate.objects.for_org(organisation).values_list("kind", flat=True))
    return _page(
        request,
        "rights/letter_templates.html",
        {
            "organisation": organisation,
            "kind": LetterKind(kind),
            "kinds": [(k, k.value in own) for k in LetterKind],
            "form": form,
            "preview": preview,
            # Escaped by the letter engine from plain text (no HTML is allowed in it).
            "preview_html": mark_safe(preview.html) if preview else "",  # noqa: S308
            "details": letters.DETAILS,
        },
        section="requests",
        status=400 if form.errors else 200,
    )
