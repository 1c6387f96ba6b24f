"""The exchange figures of the review report (issue 11), declared for `reports`.

- A notice or a coordination request belongs to the commune of the agency that
  sent it (`owner_agency.jurisdiction`); after that commune ceased (1 July 2025)
  it goes to the commune's official default successor. Messages of district or
  provincial police lie in no commune and count in no commune's or cluster's report.
- Dated by `sent_at` (the time it was sent, Asia/Ho_Chi_Minh days).
- A withdrawn message does not count (its recipients lost it when it was withdrawn),
  in any figure, whenever it was withdrawn.
- A request is *answered* when the receiving agency accepted, declined or completed
  it (the first of those steps is its answer, `RequestTransition`); *by its deadline*
  when that step is at or before the deadline (a request without a deadline: when answered).
- The share answered by the deadline is a percentage of the requests made in the
  period (sent within it, not withdrawn), answered at any time up to the report;
  with no requests it has no value ("—"). Its drill-down lists every request made,
  with its deadline, answer time and whether it was answered and on time, so the
  rows marked on time over all rows give the share.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from giapranh.exchange.choices import RequestStatus
from giapranh.exchange.models import RequestTransition
from giapranh.reports.figures import Counting, Figure, register_figure

# The receiving agency's answer: the first of these steps.
ANSWERS = (RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.DONE)
SENDER_COMMUNE = "owner_agency__jurisdiction"


def _answers() -> Any:
    return RequestTransition.objects.filter(request=OuterRef("pk"), to_status__in=ANSWERS)


NOT_WITHDRAWN = Q(withdrawn_at__isnull=True)
ANSWERED = Q(Exists(_answers()))
ON_TIME = Q(Exists(_answers().filter(at__lte=OuterRef("deadline")))) | (Q(deadline__isnull=True) & ANSWERED)


def _with_answer(records: Any) -> Any:
    """Each request with the time of its first answer (`answered_at`, None if not answered)."""
    return records.annotate(answered_at=Subquery(_answers().order_by("at", "pk").values("at")[:1]))


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _answered(record: Any) -> str:
    return gettext("yes") if record.answered_at else gettext("no")


def _on_time(record: Any) -> str:
    if not record.answered_at:
        return gettext("no")
    return gettext("yes") if record.deadline is None or record.answered_at <= record.deadline else gettext("no")


REQUEST_COLUMNS = (
    (_("Sent at"), lambda record: _when(record.sent_at)),
    (_("Deadline"), lambda record: _when(record.deadline)),
    (_("Answered at"), lambda record: _when(record.answered_at)),
    (_("Answered"), _answered),
    (_("Answered by the deadline"), _on_time),
)

_DEFINITIONS = [
    Figure(
        key="exchange.notices", label=_("Notices exchanged"), section="exchange", model="exchange.Notice",
        date_field="sent_at", filter=NOT_WITHDRAWN, commune_field=SENDER_COMMUNE, unit=_("notices"), order=10,
        columns=((_("Sent at"), lambda record: _when(record.sent_at)),),
    ),
    Figure(
        key="exchange.requests.made", label=_("Coordination requests made"), section="exchange",
        model="exchange.CoordinationRequest", date_field="sent_at", filter=NOT_WITHDRAWN, commune_field=SENDER_COMMUNE,
        unit=_("requests"), order=20, rows_prepare=_with_answer, columns=REQUEST_COLUMNS,
    ),
    Figure(
        key="exchange.requests.answered", label=_("Coordination requests answered"), section="exchange",
        model="exchange.CoordinationRequest", date_field="sent_at", filter=NOT_WITHDRAWN & ANSWERED,
        commune_field=SENDER_COMMUNE, unit=_("requests"), order=21, rows_prepare=_with_answer, columns=REQUEST_COLUMNS,
    ),
    Figure(
        key="exchange.requests.on_time", label=_("Share of requests answered by their deadline"), section="exchange",
        model="exchange.CoordinationRequest", date_field="sent_at", filter=NOT_WITHDRAWN, commune_field=SENDER_COMMUNE,
        counting=Counting.SHARE, share_filter=ON_TIME, unit="", order=22, rows_prepare=_with_answer,
        columns=REQUEST_COLUMNS,
    ),
]

for _figure in _DEFINITIONS:
    register_figure(_figure)
