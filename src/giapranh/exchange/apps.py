from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "giapranh.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from giapranh.core.kit import register_detail_notes
        from giapranh.core.policies import register_policy
        from giapranh.exchange import alerts, received, records  # noqa: F401  (records declares the record types)
        from giapranh.exchange.models import CoordinationRequest, Notice
        from giapranh.exchange.policies import MessagePolicy
        from giapranh.exchange.selectors import counts_for, received_notes
        from giapranh.home import register_home_panel
        from giapranh.navigation import register_nav
        from giapranh.people.links import register_own_record_hook, register_person_link
        from giapranh.people.matching import register_pairs_listener

        register_policy(Notice, MessagePolicy("notice"))
        register_policy(CoordinationRequest, MessagePolicy("request"))
        # A person linked to a message is seen by its parties through the message only.
        register_person_link("exchange.MessageLink", person_field="person", record_field="notice")
        register_person_link("exchange.MessageLink", person_field="person", record_field="request")
        register_nav("exchange:inbox", _("Inbox"), order=5, badge_url_name="exchange:counts")
        register_nav("exchange:alert_list", _("Match alerts"), order=8, shown_to=lambda user: getattr(user, "role", "") == "commune_chief")
        register_home_panel(
            "exchange.counts", order=20, template="exchange/partials/_home_counts.html",
            context=lambda request: {"counts": counts_for(user=request.user)} if getattr(request.user, "sees_records", False) else None,
        )
        register_detail_notes(received_notes)
        register_detail_notes(received.received_note)
        register_own_record_hook(received.person_received_copy)
        alerts.connect()
        register_pairs_listener(alerts.alerts_from_cluster)
        from giapranh.exchange.demo import exchange_demo_records
        from giapranh.reports.demo import register_demo_generator

        register_demo_generator(exchange_demo_records)
