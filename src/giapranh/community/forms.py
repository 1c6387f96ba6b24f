"""Forms of the community app beyond the kit's generated ones."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from giapranh.community.models import Commendation, MediationTeam, Officer, SelfManagementGroup
from giapranh.core.forms import RecordForm

# The links a commendation's recipient may be, and how a choice is labelled (the commune tells apart same-named groups).
RECIPIENT_LINKS = (
    ("recipient_group", SelfManagementGroup, ("village", "name")),
    ("recipient_team", MediationTeam, ("village", "name")),
    ("recipient_officer", Officer, ("full_name",)),
)


def _label(obj: Any) -> str:
    commune = getattr(obj, "commune", None)
    return f"{obj} – {commune.short_name or commune.name}" if commune is not None else str(obj)


class CommendationRecordForm(RecordForm):
    """The recipient lists offer only the groups, teams and officers the author may see.

    A recipient linked by someone else (the chair rotates) that the editor may not
    see is not offered and not named; left empty, it is kept as it is.
    """

    class Meta:
        model = Commendation
        fields = (
            "awarded_on", "issuing_body", "form", "recipient_kind", "recipient_agency", "recipient_group",
            "recipient_team", "recipient_officer", "recipient_name", "reason",
        )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.kept: dict[str, int] = {}
        self.kind_before = self.instance.recipient_kind
        for name, model, order in RECIPIENT_LINKS:
            field: Any = self.fields[name]
            field.queryset = model.objects.visible_to(user).select_related("commune").order_by(*order, "pk")  # type: ignore[attr-defined]
            field.label_from_instance = _label
            current = getattr(self.instance, f"{name}_id", None)
            if current is not None and not field.queryset.filter(pk=current).exists():
                self.kept[name] = current
                field.help_text = _("Linked to a record you may not see; left empty, it is kept.")

    def service_data(self) -> dict[str, Any]:
        """A kept recipient stays out of the data (so unchanged), unless the kind of recipient changed."""
        data = super().service_data()
        kind_changed = data.get("recipient_kind") != self.kind_before
        for name, current in self.kept.items():
            if data.get(name) is None and not kind_changed:
                data.pop(name, None)
                setattr(self.instance, f"{name}_id", current)  # validating the form emptied it on the instance
        return data
