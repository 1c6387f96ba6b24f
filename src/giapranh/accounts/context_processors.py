from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from giapranh.accounts.choices import Role

# (url name, label, roles allowed; None = everyone signed in)
NAV_ITEMS: list[tuple[str, Any, set[str] | None]] = [
    ("accounts:dashboard", _("Overview"), None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if roles is None or user.role in roles:
            items.append({"url": reverse(url_name), "label": label, "active": request.path == reverse(url_name)})
    if user.is_staff or user.role == Role.ADMINISTRATOR:
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "active": False})
    return {"nav_items": items}
