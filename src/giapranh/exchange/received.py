"""What a partner keeps after a share ends: received particulars become the receiver's own person record.

While an incident is shared (or a message carries a person), a partner may link the
owner's person into its own record. It then gets its own person record with the
particulars as received, marked with where, when and under which handling code they
came, and confirmed as the same person. When the share ends, the partner keeps what it
received and nothing more: the owner's later changes reach it only through a new share
or notice. Called through `people.links.person_for_own_record` by the involvement services.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from giapranh.core.access import agency_subtree_ids
from giapranh.exchange.models import MessageLink, ReceivedParticulars

COPIED = (
    "full_name", "other_names", "gender", "birth_date", "birth_year", "id_number", "passport_number",
    "nationality", "ethnicity", "home_commune_id", "address", "phone",
)


def _provenance(*, actor: Any, person: Any) -> tuple[str, str]:
    """(through what, handling code) the actor sees the person: a message carrying it, else a shared or granted record."""
    for link in MessageLink.objects.filter(person=person).select_related("notice", "request"):
        message = link.message
        if message.withdrawn_at is None and type(message).objects.visible_to(actor).filter(pk=message.pk).exists():  # type: ignore[attr-defined]
            return message.number, message.handling_code
    from giapranh.people.links import person_links

    for relation in person_links():
        record = relation.records_of(person, actor).first()
        if record is not None and record._meta.label_lower not in ("exchange.notice", "exchange.coordinationrequest"):
            code = ""
            carried = MessageLink.objects.filter(object_id=record.pk, content_type__model=record._meta.model_name).select_related("notice", "request").first()
            if carried is not None:
                code = carried.message.handling_code
            return str(getattr(record, "number", "") or record._meta.verbose_name), code
    return "", ""


@transaction.atomic
def person_received_copy(*, actor: Any, person: Any) -> Any:
    """`person` if the actor's agency owns it; else the agency's own copy of the particulars as received (made once)."""
    if person.owner_agency_id in agency_subtree_ids(actor) or getattr(actor, "agency_id", None) is None:
        return person
    existing = ReceivedParticulars.objects.filter(source_person=person, person__owner_agency_id=actor.agency_id).select_related("person").first()
    if existing is not None:
        return existing.person
    from giapranh.people.choices import MatchStatus
    from giapranh.people.models import Person, PersonMatch
    from giapranh.people.search import person_index
    from giapranh.people.services import person_match_remember

    copy = Person(owner_agency_id=actor.agency_id, **{name: getattr(person, name) for name in COPIED})
    copy.search_key = copy.build_search_key()
    copy._history_user = actor  # type: ignore[attr-defined]
    copy.save()
    person_index(copy)
    via, code = _provenance(actor=actor, person=person)
    ReceivedParticulars.objects.create(
        person=copy, source_person=person, source_agency_id=person.owner_agency_id, received_by=actor, via=via[:120], handling_code=code,
    )
    # The same person by construction: remembered as confirmed, so it never raises an alert.
    person_match_remember(pairs=[(copy.pk, person.pk, 1.0, {})])
    PersonMatch.objects.filter(first_id=min(copy.pk, person.pk), second_id=max(copy.pk, person.pk)).update(
        status=MatchStatus.CONFIRMED, decided_by=actor, decided_at=timezone.now(),
    )
    return copy


def received_note(*, record: Any, user: Any) -> list[str]:
    """On our copy's page: where, when and under which handling code its particulars came."""
    from django.utils.translation import gettext as _

    if record._meta.label_lower != "people.person":
        return []
    received = ReceivedParticulars.objects.filter(person=record).select_related("source_agency").first()
    if received is None:
        return []
    return [_("Particulars received from %(agency)s on %(date)s through %(via)s, handling code %(code)s") % {
        "agency": received.source_agency.name, "date": timezone.localtime(received.received_at).strftime("%d/%m/%Y"),
        "via": received.via or "—", "code": received.handling_code or "—",
    }]
