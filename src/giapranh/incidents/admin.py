"""Only the reference taxonomy is administered here.

Incidents and traffic accidents are deliberately not registered: administrators
have no access to operational records (DESIGN.md, who uses it).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from giapranh.incidents.models import IncidentCategory


class SubtypeInline(admin.TabularInline):
    model = IncidentCategory
    fk_name = "parent"
    fields = ["code", "name", "active", "position"]
    extra = 0
    verbose_name = _("sub-type")
    verbose_name_plural = _("sub-types")


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "parent", "active", "position"]
    list_filter = ["group", "active", ("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    ordering = ["group", "parent__position", "position"]
    inlines = [SubtypeInline]

    def get_inlines(self, request, obj):  # type: ignore[no-untyped-def]
        # Sub-types are edited under their group; a sub-type has no children.
        return self.inlines if obj is not None and obj.parent_id is None else []
