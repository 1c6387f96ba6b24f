import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    FLASH = "flash", _("Flash")


# The deadline a coordination request gets when the sender sets none (issue 9).
DEFAULT_DEADLINE = {
    Urgency.FLASH: dt.timedelta(hours=8),
    Urgency.URGENT: dt.timedelta(days=3),
    Urgency.ROUTINE: dt.timedelta(days=7),
}
# Hỏa tốc first, then khẩn, then thường.
URGENCY_RANK = {Urgency.FLASH: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


class HandlingCode(models.TextChoices):
    """What the recipient may do with the information (in the spirit of SIENA's handling codes)."""

    H0 = "H0", _("H0 — use for prevention and investigation")
    H1 = "H1", _("H1 — not as evidence without the sender's consent")
    H2 = "H2", _("H2 — do not pass on")
    H3 = "H3", _("H3 — the sender's conditions in the text")


class RequestType(models.TextChoices):
    IDENTITY = "identity", _("Verify identity or residence")
    TRACE = "trace", _("Trace a person or property")
    JOINT_PATROL = "joint_patrol", _("Joint patrol")
    DOCUMENTS = "documents", _("Provide documents")
    HANDOVER = "handover", _("Hand over a person or case")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.ACCEPTED)


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed: the same person")
    REJECTED = "rejected", _("Rejected: not the same person")
