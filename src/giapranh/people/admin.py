"""Reference data only: operational records and persons stay out of the admin (DESIGN.md, access model)."""

from django.contrib import admin

from giapranh.people.models import SupervisionBasis


@admin.register(SupervisionBasis)
class SupervisionBasisAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["active"]
    search_fields = ["name", "code", "legal_basis"]
    prepopulated_fields = {"code": ["name"]}

    def has_delete_permission(self, request, obj=None):  # type: ignore[override]
        # A basis in use is deactivated, not deleted (records keep pointing at it).
        return bool(obj is None or not obj.supervisions.exists()) and super().has_delete_permission(request, obj)
