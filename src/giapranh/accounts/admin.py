from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from giapranh.accounts.mfa import mfa_reset
from giapranh.accounts.models import Agency, ApiToken, User
from giapranh.accounts.services import (
    UserSecurityState,
    api_token_revoke,
    user_changes_record,
    user_password_changed_record,
    user_sessions_end,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "jurisdiction"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "jurisdiction"]
    readonly_fields = ["public_id", "path"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["username", "first_name", "last_name", "agency__name"]
    autocomplete_fields = ["agency"]
    fieldsets = (
        # The stubs type ModelAdmin.fieldsets as optional; UserAdmin always sets it.
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Agency and role"), {"fields": ("agency", "role")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Agency and role"), {"fields": ("agency", "role")}),
    )
    actions = ["end_sessions", "reset_two_step"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Role, agency and activation changes go through the same record as accounts.services.
        before = UserSecurityState.of(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            user_changes_record(user=obj, actor=request.user, before=before)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user_password_changed_record(user=User.objects.get(pk=id), actor=request.user)
        return response

    @admin.action(description=_("End sessions and revoke API tokens"))
    def end_sessions(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            user_sessions_end(user=user, actor=request.user, reason="administrator")
        self.message_user(request, _("Sessions ended and tokens revoked."), messages.SUCCESS)

    @admin.action(description=_("Reset two-step sign-in (the user sets it up again)"))
    def reset_two_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            mfa_reset(user=user, actor=request.user)
        self.message_user(request, _("Two-step sign-in reset."), messages.SUCCESS)


# Authenticators are reset with the logged action above, never edited or deleted by hand.
for _model in (TOTPDevice, StaticDevice):
    try:
        admin.site.unregister(_model)
    except NotRegistered:
        pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["id", "prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "digest", "created_at", "expires_at", "last_used_at", "revoked_at"]
    search_fields = ["user__username", "name"]
    actions = ["revoke"]

    # Tokens are created by `giapranh token create` (the raw token is shown once there)
    # and revoked with the logged action below, never edited or deleted in place.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = sum(api_token_revoke(token=token, actor=request.user) for token in queryset)
        self.message_user(request, _("%(count)d tokens revoked.") % {"count": count}, messages.SUCCESS)
