from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "giapranh.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from giapranh.incidents import records  # noqa: F401  (declares the record types)
