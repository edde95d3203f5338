"""The second step of signing in: a code from the app, or setting the app up first."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "inputmode": "text"}
        ),
    )


class SetUpForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        help_text="The six digits the app shows for Lawful once you have added it.",
        error_messages={"required": "Enter the six digits the app shows."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("staff:home")


def second_factor_url(next_url: str, *, set_up: bool = False) -> str:
    name = "staff:two-factor-set-up" if set_up else "staff:two-factor"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def ask_for_second_factor(request, next_url: str | None = None) -> HttpResponseRedirect:
    """Where someone signed in with a password but owing a code is sent."""
    next_url = next_url or request.get_full_path()
    has_app = two_factor.app_device(request.user) is not None
    return redirect(second_factor_url(next_url, set_up=not has_app))


@login_required
@require_http_methods(["GET", "POST"])
def code(request):
    next_url = _next(request)
    if not two_factor.second_factor_pending(request):
        return redirect(next_url)
    if two_factor.app_device(request.user) is None:
        return redirect(second_factor_url(next_url, set_up=True))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if two_factor.verify_code(request, form.cleaned_data["code"]):
                    return redirect(next_url)
                form.add_error(
                    "code",
                    "That code is not right. Check the app shows Lawful's code for this "
                    "account and try again; each recovery code works only once.",
                )
            except two_factor.Throttled as throttled:
                when = timezone.localtime(throttled.until) if throttled.until else None
                form.add_error(
                    "code",
                    "Too many wrong codes in a row: wait a moment before the next try"
                    + (f" (until {when:%H:%M:%S})." if when else "."),
                )
                status = 429
    return render(
        request, "staff/two_factor_code.html", {"form": form, "next": next_url}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Set up the app (a lead's or superuser's first sign-in, or anyone who chooses to)."""
    next_url = _next(request)
    if two_factor.app_device(request.user) is not None:
        # Already set up: a code is asked for instead (or nothing, if already given).
        return redirect(second_factor_url(next_url))
    device = two_factor.unconfirmed_app_device(request.user)
    form = SetUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            codes = two_factor.confirm_app(request, device, form.cleaned_data["code"])
            if codes is not None:
                # Shown once, in this response only: never stored as they are.
                return render(
                    request,
                    "staff/two_factor_recovery_codes.html",
                    {"codes": codes, "next": next_url},
                )
            form.add_error(
                "code",
                "That code is not right. Check the app's clock is right and that you "
                "entered the code for Lawful, then try the code it shows now.",
            )
    return render(
        request,
        "staff/two_factor_set_up.html",
        {
            "form": form,
            "next": next_url,
            "must": two_factor.must_have_second_factor(request.user),
            "qr": two_factor.qr_svg_data_url(device.config_url),
            "secret": two_factor.secret_text(device),
        },
        status=status,
    )
