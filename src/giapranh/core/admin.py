from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import AccessGrant, AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "actor_username", "action", "target_type", "target_ref"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_username", "target_ref"]

    def has_add_permission(self, request):  # type: ignore[override]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[override]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[override]
        return False


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    list_display = ["content_type", "object_id", "agency", "reason", "created_at"]
    raw_id_fields = ["agency", "granted_by"]

    def save_model(self, request: HttpRequest, obj: AccessGrant, form: Any, change: bool) -> None:
        # A grant made by hand opens a record to an agency: it goes into the access log.
        if not change:
            obj.granted_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        model = obj.content_type.model_class()
        public_id = None
        if model is not None and any(f.name == "public_id" for f in model._meta.get_fields()):
            public_id = model._default_manager.filter(pk=obj.object_id).values_list("public_id", flat=True).first()
        access_log_append(
            actor=request.user, action=AccessAction.GRANT,
            target_type=f"{obj.content_type.app_label}.{obj.content_type.model}",
            target_ref=str(public_id or obj.object_id), reason=f"agency {obj.agency.code}: {obj.reason}",
        )
