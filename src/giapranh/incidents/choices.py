from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryGroup(models.TextChoices):
    """The two families of incidents the police statistics are kept in."""

    POLITICAL_SECURITY = "political_security", _("Political security")
    SOCIAL_ORDER = "social_order", _("Social order")


class IncidentStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFYING = "verifying", _("Being verified")
    RESOLVED = "resolved", _("Resolved")


class IncidentOutcome(models.TextChoices):
    """How the case was handled; the review report counts cases and subjects per outcome."""

    PROSECUTED = "prosecuted", _("Criminal prosecution")
    NOT_PROSECUTED = "not_prosecuted", _("Not prosecuted (administrative handling)")
    PENDING = "pending", _("Pending")


class InvolvementRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")


class AccidentKind(models.TextChoices):
    ACCIDENT = "accident", _("Accident")
    COLLISION = "collision", _("Collision")


class AccidentRole(models.TextChoices):
    DRIVER = "driver", _("Driver")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
