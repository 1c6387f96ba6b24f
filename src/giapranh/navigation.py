"""The main menu: each app registers its own entries (record types through the record kit).

This module sits below every app, so any app may register without importing
another; the context processor builds the menu for the signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def everyone(user: Any) -> bool:
    return True


def record_readers(user: Any) -> bool:
    """Roles that read operational records (steering viewers and administrators do not)."""
    return bool(getattr(user, "sees_records", False))


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: StrOrPromise
    order: int
    shown_to: Callable[[Any], bool]
    # A small fragment (e.g. unread counts) the menu entry fetches and refreshes without reloading the page.
    badge_url_name: str = ""


_ENTRIES: dict[str, NavEntry] = {}


def register_nav(
    url_name: str, label: StrOrPromise, *, order: int, shown_to: Callable[[Any], bool] = record_readers, badge_url_name: str = "",
) -> None:
    """Add (or replace) a menu entry; `order` places it, `shown_to(user)` decides who sees it, `badge_url_name` its live counts."""
    _ENTRIES[url_name] = NavEntry(url_name, label, order, shown_to, badge_url_name)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries for the signed-in user; only the entry whose address is the longest match is current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for entry in sorted(_ENTRIES.values(), key=lambda e: (e.order, e.url_name)):
        if not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an app whose pages are not wired
            continue
        badge = reverse(entry.badge_url_name) if entry.badge_url_name else ""
        items.append({"url": url, "label": entry.label, "active": False, "badge_url": badge})
    if user.is_staff or getattr(user, "role", "") == "administrator":
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "active": False})
    current = [item for item in items if _under(request.path, str(item["url"]))]
    if current:
        max(current, key=lambda item: len(str(item["url"])))["active"] = True
    return {"nav_items": items}


def _under(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))
