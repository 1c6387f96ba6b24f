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
