"""Forms of the exchange pages beyond the kit's record forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from giapranh.core.forms import DateInput, RecordFilterForm, RecordForm
from giapranh.exchange.choices import AlertStatus, HandlingCode, RequestStatus, RequestType, Urgency
from giapranh.exchange.models import CoordinationRequest, Notice
from giapranh.exchange.services import LINKABLE


class LinkForm(forms.Form):
    """Link one of your agency's records: its kind and its number (or public id)."""

    type = forms.ChoiceField(label=_("Kind of record"), choices=[(label, label) for label in LINKABLE])
    ref = forms.CharField(label=_("Number or identifier"), max_length=64)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ResultForm(forms.Form):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class BoxFilterForm(forms.Form):
    """Inbox and outbox filters: urgency, type, status, period, counterpart."""

    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices])
    kind = forms.ChoiceField(label=_("Request type"), required=False, choices=[("", _("All")), *RequestType.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    counterpart: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Counterpart"), required=False, queryset=None, empty_label=_("All"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from giapranh.accounts.models import Agency

        self.fields["counterpart"].queryset = Agency.objects.order_by("path")  # type: ignore[attr-defined]


class MessageFilterForm(RecordFilterForm):
    """The kit's filters without the commune: a message is its sender's, not a commune's."""

    commune = None  # type: ignore[assignment]
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices])


class AlertFilterForm(RecordFilterForm):
    """A chief's alerts: our person's name, status, the partner agency, when they were raised."""

    commune = None  # type: ignore[assignment]
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *AlertStatus.choices])
    other_agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Where"), required=False, queryset=None, empty_label=_("All"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from giapranh.accounts.models import Agency
        from giapranh.exchange.alerts import alerts_for

        self.fields["q"].label = _("Our person")
        self.fields["q"].help_text = _("Name, with or without diacritics.")
        self.fields["date_from"].label = _("Raised from")
        self.fields["date_to"].label = _("Raised until")
        # Only the partner agencies the user's own alerts name.
        other = Agency.objects.filter(pk__in=alerts_for(user=user).values("other_agency_id")).order_by("name")
        self.fields["other_agency"].queryset = other  # type: ignore[attr-defined]


class NoticeFilterForm(MessageFilterForm):
    handling_code = forms.ChoiceField(label=_("Handling code"), required=False, choices=[("", _("All")), *HandlingCode.choices])


class RequestFilterForm(MessageFilterForm):
    request_type = forms.ChoiceField(label=_("Request type"), required=False, choices=[("", _("All")), *RequestType.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices])


class NoticeForm(RecordForm):
    """A notice: the cluster offered is one of the sender's, the recipients any agency but the sender's own."""

    class Meta:
        model = Notice
        fields = ("subject", "urgency", "handling_code", "handling_conditions", "to_cluster", "recipient_agencies", "body")
        widgets = {"recipient_agencies": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from giapranh.accounts.models import Agency
        from giapranh.core.access import clusters_of_user

        self.fields["to_cluster"].queryset = clusters_of_user(user)  # type: ignore[attr-defined]
        self.fields["recipient_agencies"].queryset = Agency.objects.exclude(pk=user.agency_id).order_by("path")  # type: ignore[attr-defined]


class RequestForm(RecordForm):
    class Meta:
        model = CoordinationRequest
        fields = ("to_agency", "request_type", "subject", "urgency", "deadline", "handling_code", "handling_conditions", "body")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from giapranh.accounts.models import Agency

        self.fields["to_agency"].queryset = Agency.objects.exclude(pk=user.agency_id).order_by("path")  # type: ignore[attr-defined]
