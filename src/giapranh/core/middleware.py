from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked another language with the switch.

    The browser's Accept-Language is ignored on purpose: commune offices often run
    English Windows, and the system's users work in Vietnamese.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; `Cache-Control: no-store` on what a signed-in user gets.

    The policy allows scripts from our own origin only (no inline script, no eval), so an
    injected `<script>` or `onclick=` does not run. Pages and API answers of a signed-in user
    or a token carry personal data: no browser, proxy or shared computer may keep a copy.
    Static files are answered by WhiteNoise before this middleware and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META or (
            request.session.get("mfa_pending") if hasattr(request, "session") else False
        ):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
