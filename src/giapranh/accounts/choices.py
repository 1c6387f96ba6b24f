from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE_POLICE = "province_police", _("Provincial police")
    DISTRICT_POLICE = "district_police", _("District police")
    COMMUNE_POLICE = "commune_police", _("Commune police")


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    COMMUNE_CHIEF = "commune_chief", _("Commune police chief")
    SUPERIOR = "superior", _("Superior officer")
    COORDINATOR = "coordinator", _("Cluster coordinator")
    STEERING = "steering", _("Steering committee viewer")
    ADMINISTRATOR = "administrator", _("Administrator")
