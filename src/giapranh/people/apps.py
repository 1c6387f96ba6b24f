from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "giapranh.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from giapranh.navigation import register_nav
        from giapranh.people import records  # noqa: F401  (declares the record types)

        register_nav("people:person_list", _("Persons"), order=30)
