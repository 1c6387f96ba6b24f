from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Only write the session when the last-seen mark is this stale, to spare the database.
_TOUCH_EVERY = 60


class SessionTimeoutMiddleware:
    """End a session after 30 minutes idle or 12 hours in all, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get("auth_started")
            last_seen = session.get("last_seen")
            if started is None or last_seen is None:
                session["auth_started"] = session["last_seen"] = now
            elif (now - last_seen > settings.SESSION_IDLE_TIMEOUT) or (
                now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has expired. Please sign in again.")}, status=401)
                messages.info(request, _("Your session has expired. Please sign in again."))
                if request.headers.get("HX-Request"):
                    # A fragment (a menu badge, a filter) must not receive the sign-in page: htmx navigates instead.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = redirect_to_login(request.get_full_path())["Location"]
                    return response
                return redirect_to_login(request.get_full_path())
            elif now - last_seen > _TOUCH_EVERY:
                session["last_seen"] = now
        return self.get_response(request)


class TwoStepRequiredMiddleware:
    """A session counts only once its second step is done (django-otp's `is_verified`).

    Users who must use two-step sign-in (settings.MFA_REQUIRED, chiefs and above) and have
    no authenticator yet are held on the set-up page; a session signed in with the password
    alone (e.g. through the admin's sign-in form) by a user who has an authenticator is ended.
    API calls with a token are not sessions and are not affected.
    """

    ALLOWED_PREFIXES = ("/account/two-step/", "/logout/", "/i18n/", "/static/", "/login/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            response = self._hold(request, user)
            if response is not None:
                return response
        elif request.path == "/admin/login/" and request.method == "GET" and not (user and user.is_authenticated):
            # The admin's own sign-in form has no second step: use ours.
            return redirect_to_login(request.GET.get("next", "/admin/"))
        return self.get_response(request)

    def _hold(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        from giapranh.accounts.mfa import mfa_enrolled

        session = request.session
        if session.get("mfa_none") == user.pk and not (settings.MFA_REQUIRED and user.mfa_required):
            return None
        if mfa_enrolled(user=user):
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Sign in again with your code.")}, status=401)
            return redirect_to_login(request.get_full_path())
        if settings.MFA_REQUIRED and user.mfa_required:
            if request.path.startswith(self.ALLOWED_PREFIXES):
                return None
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Set up two-step sign-in first.")}, status=403)
            if request.headers.get("HX-Request"):
                # A fragment polled from the set-up page itself (the menu's counts) gets nothing, not the page.
                return HttpResponse(status=204)
            return redirect("accounts:mfa_setup")
        # An officer without an authenticator: remember it for this session, spare the query.
        session["mfa_none"] = user.pk
        return None
