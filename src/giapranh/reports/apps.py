from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "giapranh.reports"
    label = "reports"
    verbose_name = _("Review reports")

    def ready(self) -> None:
        # Each app declares its own figures in `<app>/report_figures.py`; the
        # incidents and people figures are declared here (definitions.py).
        from django.utils.module_loading import autodiscover_modules

        from giapranh.reports import definitions  # noqa: F401

        autodiscover_modules("report_figures")
        # The menu lists the report pages for everyone who belongs to an agency (steering viewers included).
        from giapranh.accounts.demo import register_demo_records
        from giapranh.home import register_home_panel
        from giapranh.navigation import register_nav
        from giapranh.reports.demo import demo_records_load

        register_demo_records(demo_records_load)
        register_home_panel("reports.clusters", order=10, template="reports/partials/_home_boards.html", context=_home_boards)

        register_nav("reports:report_list", _("Reports"), order=95, shown_to=lambda user: getattr(user, "agency_id", None) is not None)


def _home_boards(request: Any) -> dict[str, Any] | None:
    """The home page as the cluster's dashboard: this month against last and the map, for each cluster listed."""
    from giapranh.reports.views import cluster_board_items

    items = cluster_board_items(request)
    return {"items": items} if items else None
