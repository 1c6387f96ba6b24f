from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Signed out")
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    SHARE = "share", _("Shared with the cluster")
    UNSHARE = "unshare", _("Withdrawn from the cluster")
    GRANT = "grant", _("Access granted")
    SEARCH = "search", _("Searched")
    DOWNLOAD = "download", _("Downloaded a file")
    REFUSED = "refused", _("Refused read (answered 404)")
    LIST_NAMES = "list_names", _("Listed persons' names")
    MFA_FAILED = "mfa_failed", _("Wrong sign-in code")
    MFA_ENROLLED = "mfa_enrolled", _("Two-step sign-in set up")
    MFA_RESET = "mfa_reset", _("Two-step sign-in reset")
    RECOVERY_USED = "recovery_used", _("Recovery code used")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ROLE_CHANGED = "role_changed", _("Role changed")
    AGENCY_CHANGED = "agency_changed", _("Agency changed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    DEACTIVATED = "deactivated", _("Account disabled")
    SESSIONS_ENDED = "sessions_ended", _("Sessions and tokens ended")
