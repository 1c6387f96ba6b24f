from django.contrib import admin

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
