"""The API takes JSON bodies sent as JSON (and files as multipart): anything else is refused before it is read."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

ACCEPTED = ("application/json", "multipart/form-data")


class ApiContentTypeMiddleware:
    """415 for an API request whose body is neither JSON nor a file upload (a form post, text/plain…)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and request.method in ("POST", "PUT", "PATCH")
            and request.META.get("CONTENT_LENGTH") not in (None, "", "0")
            and request.content_type not in ACCEPTED
        ):
            body = {"detail": _("Send the request body as JSON, with Content-Type: application/json.")}
            return HttpResponse(json.dumps(body, ensure_ascii=False), status=415, content_type="application/json")
        return self.get_response(request)
