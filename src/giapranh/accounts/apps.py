from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "giapranh.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from giapranh.accounts import checks  # noqa: F401 — registers the deployment checks
        from giapranh.navigation import everyone, register_nav

        register_nav("accounts:dashboard", _("Overview"), order=0, shown_to=everyone)
