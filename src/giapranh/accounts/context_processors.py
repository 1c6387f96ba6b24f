from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from giapranh.accounts.choices import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECORD_ROLES = {Role.COMMUNE_OFFICER, Role.COMMUNE_CHIEF, Role.SUPERIOR, Role.COORDINATOR}

# (url name, label, roles allowed; None = everyone signed in)
NAV_ITEMS: list[tuple[str, StrOrPromise, set[Role] | None]] = [
    ("accounts:dashboard", _("Overview"), None),
    ("incidents:incident_list", _("Incidents"), RECORD_ROLES),
    ("incidents:accident_list", _("Traffic accidents"), RECORD_ROLES),
    ("people:person_list", _("Persons"), RECORD_ROLES),
    ("people:supervision_list", _("Supervision"), RECORD_ROLES),
    ("people:visit_list", _("Foreign visitors"), RECORD_ROLES),
    ("people:exit_list", _("Illegal exits"), RECORD_ROLES),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if roles is None or user.role in roles:
            try:
                url = reverse(url_name)
            except NoReverseMatch:  # an app whose pages are not wired yet
                continue
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    if user.is_staff or user.role == Role.ADMINISTRATOR:
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "active": False})
    return {"nav_items": items}
