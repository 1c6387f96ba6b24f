from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from giapranh.accounts.forms import CodeForm, LoginForm
from giapranh.accounts.mfa import (
    mfa_enrolled,
    mfa_enrolment_confirm,
    mfa_enrolment_start,
    mfa_qr_svg,
    mfa_recovery_codes_left,
    mfa_recovery_codes_renew,
    mfa_verify,
)
from giapranh.accounts.models import User
from giapranh.accounts.selectors import agency_unit_today, dashboard_clusters_for
from giapranh.home import home_panels

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_KEY = "mfa_pending"
# The second step must follow the first within this time, and allows this many wrong codes.
PENDING_SECONDS = 5 * 60
PENDING_TRIES = 5


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # login_required
    context = {
        "agency": user.agency,
        "jurisdiction": user.agency.jurisdiction if user.agency else None,
        "unit_today": agency_unit_today(agency=user.agency) if user.agency else None,
        "clusters": dashboard_clusters_for(user=user),
        "mfa_on": mfa_enrolled(user=user),
        "panels": home_panels(request),
    }
    return render(request, "accounts/dashboard.html", context)


class SignInView(LoginView):
    """Password first; a user with an authenticator is signed in only after the code step."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not mfa_enrolled(user=user):
            return super().form_valid(form)
        # Not signed in yet: the session only remembers who passed the password step.
        self.request.session[PENDING_KEY] = {
            "user": user.pk, "backend": user.backend, "at": time.time(), "tries": 0,
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_verify")


def _pending_user(request: HttpRequest) -> tuple[User, dict] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else None


def login_verify(request: HttpRequest) -> HttpResponse:
    """Second sign-in step: a code from the authenticator app or a recovery code."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = mfa_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_KEY]
            login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = mfa_recovery_codes_left(user=user)
                messages.warning(request, _("You signed in with a recovery code; %(left)d left. Each works once.") % {"left": left})
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse(settings.LOGIN_REDIRECT_URL)
            return HttpResponseRedirect(target)
        pending["tries"] += 1
        if pending["tries"] >= PENDING_TRIES:
            del request.session[PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
        form.add_error("code", _("This code is not right, or was already used. Wait a few seconds and try the current code."))
    return render(request, "accounts/login_verify.html", {"form": form})


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up two-step sign-in: scan the QR code, type a code to confirm, keep the recovery codes."""
    user = cast("User", request.user)
    enrolled = mfa_enrolled(user=user)
    if request.method == "POST" and request.POST.get("action") == "renew-codes" and enrolled and user.is_verified():  # type: ignore[attr-defined]
        return render(request, "accounts/mfa_codes.html", {"codes": mfa_recovery_codes_renew(user=user)})
    restart = request.method == "POST" and request.POST.get("action") == "restart"
    if enrolled and not restart and request.method == "GET" and "new" not in request.GET:
        return render(request, "accounts/mfa_status.html", {"codes_left": mfa_recovery_codes_left(user=user)})
    device: TOTPDevice = mfa_enrolment_start(user=user)
    form = CodeForm(request.POST if request.method == "POST" and not restart else None)
    if form.is_bound and form.is_valid():
        new_codes = mfa_enrolment_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if new_codes is not None:
            django_otp.login(request, device)
            return render(request, "accounts/mfa_codes.html", {"codes": new_codes})
        form.add_error("code", _("This code is not right. Check the phone's clock and type the code shown now."))
    secret = " ".join(_b32(device.bin_key)[i:i + 4] for i in range(0, 32, 4))
    context = {"form": form, "secret": secret, "required": user.mfa_required, "enrolled": enrolled}
    return render(request, "accounts/mfa_setup.html", context)


@require_GET
@login_required
def mfa_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the pending authenticator (never of a confirmed one), drawn by the server."""
    user = cast("User", request.user)
    device = mfa_enrolment_start(user=user)
    return HttpResponse(mfa_qr_svg(device=device), content_type="image/svg+xml", headers={"Cache-Control": "no-store"})


def _b32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode().rstrip("=")


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The officer is still at work (typing, or pressed "extend"): the idle limit starts again."""
    request.session["last_seen"] = time.time()
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_TIMEOUT})
