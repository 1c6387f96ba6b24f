from django.db import models
from django.utils.translation import gettext_lazy as _


class OutreachKind(models.TextChoices):
    NEWS_ITEM = "news_item", _("News item")
    SLOGAN_BANNER = "slogan_banner", _("Slogan or banner")
    PUBLIC_SESSION = "public_session", _("Public session in a village")


class OutreachTopic(models.TextChoices):
    DRUGS = "drugs", _("Drugs")
    THEFT = "theft", _("Theft")
    TRAFFICKING = "trafficking", _("Human trafficking")
    TRAFFIC_SAFETY = "traffic_safety", _("Traffic safety")
    ILLEGAL_EXIT = "illegal_exit", _("Illegal exit")
    FIREWORKS_WEAPONS = "fireworks_weapons", _("Fireworks and weapons")
    MOVEMENT = "movement", _("All people protect national security")
    OTHER = "other", _("Other")


class MediationResult(models.TextChoices):
    RECONCILED = "reconciled", _("Reconciled")
    NOT_RECONCILED = "not_reconciled", _("Not reconciled")
    TRANSFERRED = "transferred", _("Transferred to the authorities")


class Standing(models.TextChoices):
    CLAN_HEAD = "clan_head", _("Clan head")
    RELIGIOUS_DIGNITARY = "religious_dignitary", _("Religious dignitary")
    VILLAGE_ELDER = "village_elder", _("Village elder")
    VILLAGE_HEAD = "village_head", _("Village head")
    OTHER = "other", _("Other")


class ServiceType(models.TextChoices):
    REGULAR = "regular", _("Regular")
    SEMI_PROFESSIONAL = "semi_professional", _("Semi-professional")


class MeetingKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic briefing")
    PRELIMINARY_REVIEW = "preliminary_review", _("Preliminary review")
    FINAL_REVIEW = "final_review", _("Final review")
    THEMATIC = "thematic", _("Thematic meeting")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class CommendationForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (giấy khen)")
    DIPLOMA_OF_MERIT = "diploma_of_merit", _("Diploma of merit (bằng khen)")
    LETTER_OF_THANKS = "letter_of_thanks", _("Letter of thanks")
    OTHER = "other", _("Other")


class RecipientKind(models.TextChoices):
    AGENCY = "agency", _("An agency")
    GROUP = "group", _("A self-management group")
    TEAM = "team", _("A mediation team")
    OFFICER = "officer", _("An officer")
    CITIZEN = "citizen", _("A citizen")
