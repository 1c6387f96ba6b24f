from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from giapranh.territory.models import (
    AdminUnit,
    ChairTerm,
    Cluster,
    ClusterMembership,
    UnitSuccession,
)
from giapranh.territory.services import cluster_membership_carry, cluster_membership_confirm


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


class ClusterMembershipInline(admin.TabularInline):
    model = ClusterMembership
    fk_name = "cluster"
    extra = 0
    raw_id_fields = ["commune"]
    fields = ["commune", "valid_from", "valid_to", "confirmed", "confirmed_by", "confirmed_at"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "founded_on"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClusterMembershipInline, ChairTermInline]
    actions = ["carry_members"]

    @admin.action(description=_("Propose the successors of the members (2025 reform)"))
    def carry_members(self, request: HttpRequest, queryset: QuerySet[Cluster]) -> None:
        count = sum(len(cluster_membership_carry(cluster=cluster)) for cluster in queryset)
        self.message_user(request, ngettext("%(n)d membership proposed.", "%(n)d memberships proposed.", count) % {"n": count})


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ["cluster", "commune", "valid_from", "valid_to", "confirmed"]
    list_filter = ["confirmed", "cluster"]
    raw_id_fields = ["commune", "carried_from"]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    actions = ["confirm"]

    @admin.action(description=_("Confirm the selected memberships"))
    def confirm(self, request: HttpRequest, queryset: QuerySet[ClusterMembership]) -> None:
        try:
            for membership in queryset.select_related("cluster"):
                cluster_membership_confirm(membership=membership, actor=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return
        self.message_user(request, _("Memberships confirmed."))
