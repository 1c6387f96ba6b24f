from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "giapranh.community"
    label = "community"
    verbose_name = _("Community and force")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from giapranh.community import records, sheets  # noqa: F401  (record types, policies, Excel columns)
        from giapranh.navigation import register_nav

        register_nav("community:task_board", gettext_lazy("Task board"), order=81)
        from giapranh.community.demo import community_demo_records
        from giapranh.reports.demo import register_demo_generator

        register_demo_generator(community_demo_records)
