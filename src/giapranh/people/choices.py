from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class SupervisionStatus(models.TextChoices):
    ACTIVE = "active", _("Under supervision")
    ENDED = "ended", _("Ended")
    TRANSFERRED = "transferred", _("Transferred to another agency")


class MeasureKind(models.TextChoices):
    """Administrative handling measures (Law on Handling Administrative Violations)."""

    COMMUNITY_EDUCATION = "community_education", _("Education in the commune")
    COMPULSORY_REHAB = "compulsory_rehab", _("Compulsory drug rehabilitation")
    COMPULSORY_EDUCATION = "compulsory_education", _("Compulsory education institution")


# The two kinds served in an institution, whose name the record must carry.
MEASURES_IN_FACILITY = {MeasureKind.COMPULSORY_REHAB, MeasureKind.COMPULSORY_EDUCATION}


class VisitPurpose(models.TextChoices):
    FAMILY_VISIT = "family_visit", _("Family visit")
    WORK = "work", _("Work")
    TOURISM = "tourism", _("Tourism")
    OTHER = "other", _("Other")


class ExitStatus(models.TextChoices):
    ABROAD = "abroad", _("Still abroad")
    RETURNED = "returned", _("Returned")
    UNKNOWN = "unknown", _("Whereabouts unknown")


class MatchStatus(models.TextChoices):
    """What became of a pair of persons the matcher found probably the same."""

    CANDIDATE = "candidate", _("Probable match")
    CONFIRMED = "confirmed", _("Confirmed the same person")
    REJECTED = "rejected", _("Confirmed different persons")
