"""Hit / no-hit person alerts: a probable same person known to a partner agency, and nothing more.

When a person is linked to a record of their agency (an involvement, a supervision, a
measure, a foreign visit, an illegal exit), the matcher of `people.matching` looks for
a probable same person among the persons of the other agencies of the clusters the
agency's commune belongs to. For each pair at or above its threshold, the chiefs of
both agencies get an alert that says only that a match exists, where, its score and
which attributes agree. Details flow only through a coordination request; a confirmed
pair is the same person (each side still sees only its own record); a rejected pair
is never raised again (the matcher remembers it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.exchange.choices import AlertStatus, HandlingCode, RequestType, Urgency
from giapranh.exchange.models import CoordinationRequest, PersonAlert

# The records whose saving links a person to a record (model label → the person field).
PERSON_RECORDS = {
    "incidents.involvement": "person",
    "incidents.accidentinvolvement": "person",
    "people.supervision": "person",
    "people.measure": "person",
    "people.foreignvisit": "visitor",
    "people.illegalexit": "person",
}


def _matching() -> Any:
    """The matcher, imported when first needed (the people app owns it)."""
    from giapranh.people import matching

    return matching


def alerts_raise_for(*, person: Any) -> list[PersonAlert]:
    """Run the on-link check for one person (the matcher's blocking, a few indexed queries) and raise alerts."""
    matching = _matching()
    results = matching.match_candidates(person)
    if not results:
        return []
    from giapranh.people.services import person_match_remember

    person_match_remember(pairs=[(person.pk, r.other_id, r.score, dict(r.agreements)) for r in results])
    return alerts_from_pairs(pairs=[(person.pk, r.other_id) for r in results])


@transaction.atomic
def alerts_from_pairs(*, pairs: list[tuple[int, int]]) -> list[PersonAlert]:
    """Alerts to both agencies of each remembered, undecided pair (once per agency and pair)."""
    from giapranh.people.choices import MatchStatus
    from giapranh.people.models import Person, PersonMatch

    raised = []
    for a, b in pairs:
        first, second = min(a, b), max(a, b)
        match = PersonMatch.objects.filter(first_id=first, second_id=second).first()
        if match is None or match.status != MatchStatus.CANDIDATE:
            continue  # a rejected pair never alerts again; a confirmed one needs no alert
        persons = {p.pk: p for p in Person.objects.filter(pk__in=[first, second])}
        if len(persons) != 2 or persons[first].owner_agency_id == persons[second].owner_agency_id:
            continue
        for own, other in ((persons[first], persons[second]), (persons[second], persons[first])):
            alert, created = PersonAlert.objects.get_or_create(
                agency_id=own.owner_agency_id, own_person=own, other_person=other,
                defaults={"match": match, "other_agency_id": other.owner_agency_id, "score": match.score, "agreements": match.agreements},
            )
            if created:
                raised.append(alert)
                _notify(alert)
            elif alert.status == AlertStatus.OPEN and alert.score != match.score:
                alert.score, alert.agreements = match.score, match.agreements
                alert.save(update_fields=["score", "agreements"])
    return raised


def alerts_from_cluster(*, cluster: Any) -> int:
    """Alerts for every undecided pair the matcher remembered among a cluster's agencies (`giapranh match`)."""
    from giapranh.people.choices import MatchStatus
    from giapranh.people.models import PersonMatch

    agencies = _matching().cluster_agency_ids(cluster=cluster)
    pairs = PersonMatch.objects.filter(
        status=MatchStatus.CANDIDATE, first__owner_agency_id__in=agencies, second__owner_agency_id__in=agencies,
    ).values_list("first_id", "second_id")
    return len(alerts_from_pairs(pairs=list(pairs)))


def _notify(alert: PersonAlert) -> None:
    from django.urls import reverse

    from giapranh.accounts.models import User
    from giapranh.exchange.services import notify_users

    chiefs = User.objects.filter(agency_id=alert.agency_id, role="commune_chief", is_active=True)
    text = _("Probable match (score %(score)s) with a person known to %(agency)s") % {
        "score": f"{alert.score:.2f}", "agency": alert.other_agency.name,
    }
    notify_users(users=chiefs, text=text, url=reverse("exchange:alert_detail", kwargs={"public_id": alert.public_id}))


def alerts_for(*, user: Any) -> QuerySet[PersonAlert]:
    """The alerts of the user's agency, for its chief (open first); nobody else reads them."""
    if not (getattr(user, "sees_records", False) and user.role == "commune_chief"):
        return PersonAlert.objects.none()
    return (
        PersonAlert.objects.filter(agency_id=user.agency_id)
        .select_related("own_person", "other_agency", "request")
        .annotate(undecided=Case(When(status=AlertStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("undecided", "-created_at", "-id")
    )


def alert_get_for(*, user: Any, public_id: Any) -> PersonAlert:
    """One alert of the user's agency; 404 for missing and foreign alike."""
    try:
        return alerts_for(user=user).get(public_id=public_id)
    except (PersonAlert.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404 from exc


@transaction.atomic
def alert_request_details(*, alert: PersonAlert, actor: Any) -> CoordinationRequest:
    """One click: a request for details to the other agency, carrying our person; the other side decides what to share."""
    from giapranh.core.services import record_create
    from giapranh.exchange.records import REQUESTS
    from giapranh.exchange.services import message_link

    if alert.agency_id != actor.agency_id or actor.role != "commune_chief":
        raise PermissionDenied(_("Only the chief of the alerted agency sends this request."))
    if alert.request_id is not None:
        return alert.request  # type: ignore[return-value]
    request = record_create(record_type=REQUESTS, actor=actor, data={
        "to_agency": alert.other_agency, "request_type": RequestType.IDENTITY, "urgency": Urgency.ROUTINE,
        "handling_code": HandlingCode.H0,
        "subject": _("Request for details on a probable match (score %(score)s)") % {"score": f"{alert.score:.2f}"},
        "body": _("Our records hold a person your agency probably also knows (agreeing: %(attributes)s). Please share what you may about them.") % {
            "attributes": ", ".join(name for name, flag in sorted(alert.agreements.items()) if flag == "agree") or "—",
        },
    })
    message_link(message=request, actor=actor, target=alert.own_person)
    alert.request = request
    alert.save(update_fields=["request"])
    return request


@transaction.atomic
def alert_decide(*, alert: PersonAlert, actor: Any, same: bool) -> PersonAlert:
    """Confirm (the same person) or reject (never raised again) the pair behind an alert, for both sides."""
    from giapranh.people.choices import MatchStatus
    from giapranh.people.services import person_match_decide

    if alert.agency_id != actor.agency_id or actor.role != "commune_chief":
        raise PermissionDenied(_("Only the chief of the alerted agency decides on this alert."))
    person_match_decide(match=alert.match, actor=actor, status=MatchStatus.CONFIRMED if same else MatchStatus.REJECTED)
    status = AlertStatus.CONFIRMED if same else AlertStatus.REJECTED
    PersonAlert.objects.filter(match=alert.match).update(status=status, decided_by=actor, decided_at=timezone.now())
    alert.refresh_from_db()
    return alert


def on_person_linked(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """After a record linking a person is saved (and committed), run the on-link check for that person."""
    field = PERSON_RECORDS.get(sender._meta.label_lower)
    person_id = getattr(instance, f"{field}_id", None) if field else None
    if person_id is None or kwargs.get("raw"):
        return

    def check() -> None:
        from giapranh.people.models import Person

        person = Person.objects.filter(pk=person_id).first()
        if person is not None:
            alerts_raise_for(person=person)

    # Robust: a failing check is logged by Django and never undoes or fails the officer's own write.
    transaction.on_commit(check, robust=True)


def connect() -> None:
    """Run the on-link check whenever a record linking a person is saved (the owners' services stay unaware)."""
    from django.apps import apps
    from django.db.models.signals import post_save

    for label in PERSON_RECORDS:
        post_save.connect(on_person_linked, sender=apps.get_model(label), dispatch_uid=f"exchange-alerts-{label}")
