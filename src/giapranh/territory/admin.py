from django.contrib import admin

from giapranh.territory.models import AdminUnit, ChairTerm, Cluster, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "edition", "parent", "valid_from", "valid_to"]
    list_filter = ["edition", "level", "unit_type"]
    search_fields = ["name", "code", "search_key"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "is_default", "effective_on"]
    raw_id_fields = ["predecessor", "successor"]


class ChairTermInline(admin.TabularInline):
    model = ChairTerm
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "founded_on"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["communes"]
    inlines = [ChairTermInline]
