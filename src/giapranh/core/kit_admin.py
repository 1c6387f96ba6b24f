"""The admin half of the record kit: every declared type is registered, behind its access rule.

Administrators manage users and reference data and see no operational record
(DESIGN.md), so a record type's admin lists exactly what `visible_to` gives the
signed-in user — nothing for an administrator — and never writes: writes go
through the services, with their rules, history and access log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from giapranh.core.kit import RecordType


class RecordAdmin(admin.ModelAdmin):
    """Read-only and scoped: the policy, not the admin, decides who sees a record."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.model.objects.visible_to(request.user)  # type: ignore[attr-defined]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def register_admin(record_type: RecordType) -> None:
    """Register a declared type in the admin (unless its app registered its own admin)."""
    model = record_type.model
    if admin.site.is_registered(model):
        return
    columns = tuple(name for name in record_type.list_columns if not record_type.model_field(name).many_to_many)
    options = {"list_display": columns or ("__str__",), "search_fields": ()}
    admin.site.register(model, type(f"{model.__name__}Admin", (RecordAdmin,), options))
