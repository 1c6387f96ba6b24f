from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
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
                return redirect_to_login(request.get_full_path())
            elif now - last_seen > _TOUCH_EVERY:
                session["last_seen"] = now
        return self.get_response(request)
