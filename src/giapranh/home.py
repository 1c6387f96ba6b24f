"""Panels of the home page: the apps above accounts register what the cluster's dashboard shows.

Like the menu (`giapranh.navigation`), this module sits below every app: reports
add this month against last and the map, exchange its unread and overdue counts,
community the open tasks — without accounts, which owns the page, importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class HomePanel:
    name: str
    order: int
    # render(request) → HTML of the panel, or "" when it has nothing for this user
    render: Callable[[HttpRequest], str]


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(name: str, *, order: int, template: str, context: Callable[[HttpRequest], dict[str, Any] | None]) -> None:
    """Add (or replace) a home-page panel; `context(request)` returning None hides it for that user."""

    def render(request: HttpRequest) -> str:
        data = context(request)
        return "" if data is None else render_to_string(template, data, request=request)

    _PANELS[name] = HomePanel(name, order, render)


def home_panels(request: HttpRequest) -> list[SafeString]:
    """The rendered panels for the signed-in user, in order (templates escape what they show)."""
    rendered = (panel.render(request) for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)))
    return [mark_safe(html) for html in rendered if html.strip()]  # noqa: S308 — rendered by our own templates
