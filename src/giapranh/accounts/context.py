"""Template context every page needs about the session."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def session_limits(request: HttpRequest) -> dict[str, int]:
    """The idle limit, for the warning before it (static/giapranh/session.js)."""
    return {"session_idle_seconds": int(settings.SESSION_IDLE_TIMEOUT)}
