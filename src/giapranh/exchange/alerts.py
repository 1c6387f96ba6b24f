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

import datetime as dt
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


# Read and written this many pairs at a time: a whole cluster's first `giapranh match` remembers tens of thousands.
CHUNK = 2_000
# More new alerts than this for one agency in one run make one notification that counts them, not one each.
NOTIFY_EACH_UP_TO = 5


@transaction.atomic
def alerts_from_pairs(*, pairs: list[tuple[int, int]]) -> list[PersonAlert]:
    """Alerts to both agencies of each remembered, undecided pair (once per agency and pair)."""
    from giapranh.people.models import PersonMatch

    ordered = sorted({(min(a, b), max(a, b)) for a, b in pairs})
    rows = []
    for start in range(0, len(ordered), CHUNK):
        chunk = set(ordered[start:start + CHUNK])
        matches = PersonMatch.objects.filter(first_id__in={first for first, _ in chunk}, second_id__in={second for _, second in chunk})
        rows += [row for row in _undecided(matches) if (row[1], row[2]) in chunk]
    return _raise_and_notify(rows)


@transaction.atomic
def alerts_from_cluster(*, cluster: Any) -> int:
    """Alerts for every undecided pair the matcher remembered among a cluster's agencies (`giapranh match`)."""
    from giapranh.people.models import PersonMatch

    agencies = _matching().cluster_agency_ids(cluster=cluster)
    matches = PersonMatch.objects.filter(first__owner_agency_id__in=agencies, second__owner_agency_id__in=agencies).order_by("id")
    return len(_raise_and_notify(list(_undecided(matches))))


def _raise_and_notify(rows: list[tuple[Any, ...]]) -> list[PersonAlert]:
    """Raise the missing alerts of these undecided pairs, CHUNK at a time, then tell the chiefs once."""
    raised: list[PersonAlert] = []
    for start in range(0, len(rows), CHUNK):
        raised += _raise(rows[start:start + CHUNK])
    _notify(raised)
    return raised


def _undecided(matches: QuerySet[Any]) -> Any:
    """(match id, first, second, score, agreements, first's agency, second's agency) of the undecided pairs of two agencies.

    A rejected pair never alerts again; a confirmed one needs no alert.
    """
    from giapranh.people.choices import MatchStatus

    rows = matches.filter(status=MatchStatus.CANDIDATE).values_list(
        "id", "first_id", "second_id", "score", "agreements", "first__owner_agency_id", "second__owner_agency_id",
    )
    return (row for row in rows.iterator(chunk_size=CHUNK) if row[5] != row[6])


def _raise(rows: list[tuple[Any, ...]]) -> list[PersonAlert]:
    """The missing alerts of these pairs, both sides, written in bulk; open alerts take a changed score."""
    if not rows:
        return []
    existing = {
        (alert.agency_id, alert.own_person_id, alert.other_person_id): alert
        for alert in PersonAlert.objects.filter(match_id__in=[row[0] for row in rows]).only(
            "id", "agency_id", "own_person_id", "other_person_id", "status", "score", "agreements",
        )
    }
    new, changed = [], []
    for match_id, first, second, score, agreements, first_agency, second_agency in rows:
        for own, own_agency, other, other_agency in ((first, first_agency, second, second_agency), (second, second_agency, first, first_agency)):
            alert = existing.get((own_agency, own, other))
            if alert is None:
                new.append(PersonAlert(
                    match_id=match_id, agency_id=own_agency, own_person_id=own, other_person_id=other,
                    other_agency_id=other_agency, score=score, agreements=agreements,
                ))
            elif alert.status == AlertStatus.OPEN and alert.score != score:
                alert.score, alert.agreements = score, agreements
                changed.append(alert)
    # An on-link check may raise the same alert meanwhile: that one is kept, ours skipped, and only
    # the alerts really written are returned (and notified).
    PersonAlert.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    PersonAlert.objects.bulk_update(changed, ["score", "agreements"], batch_size=500)
    written = set(PersonAlert.objects.filter(public_id__in=[alert.public_id for alert in new]).values_list("public_id", flat=True))
    return [alert for alert in new if alert.public_id in written]


def _notify(raised: list[PersonAlert]) -> None:
    """The chiefs of each alerted agency learn of its new alerts: one notification each, or one that counts many."""
    from django.urls import reverse

    from giapranh.accounts.models import Agency, User
    from giapranh.exchange.services import notify_users

    if not raised:
        return
    by_agency: dict[int, list[PersonAlert]] = {}
    for alert in raised:
        by_agency.setdefault(alert.agency_id, []).append(alert)
    names = dict(Agency.objects.filter(pk__in={alert.other_agency_id for alert in raised}).values_list("pk", "name"))
    chiefs: dict[int | None, list[Any]] = {}
    for user in User.objects.filter(agency_id__in=by_agency, role="commune_chief", is_active=True):
        chiefs.setdefault(user.agency_id, []).append(user)
    for agency_id, alerts in by_agency.items():
        users = chiefs.get(agency_id, [])
        if not users:
            continue
        if len(alerts) > NOTIFY_EACH_UP_TO:
            text = _("%(count)s new probable matches with persons known to partner agencies") % {"count": len(alerts)}
            notify_users(users=users, text=text, url=reverse("exchange:alert_list"))
            continue
        for alert in alerts:
            text = _("Probable match (score %(score)s) with a person known to %(agency)s") % {
                "score": f"{alert.score:.2f}", "agency": names.get(alert.other_agency_id, ""),
            }
            notify_users(users=users, text=text, url=reverse("exchange:alert_detail", kwargs={"public_id": alert.public_id}))


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


def alerts_list(
    *, user: Any, q: str = "", status: str = "", other_agency: Any = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, **_ignored: Any,
) -> QuerySet[PersonAlert]:
    """The user's alerts narrowed by our person's name (diacritics or not), status, partner agency and period."""
    from giapranh.core.selectors import day_range_q
    from giapranh.core.text import fold
    from giapranh.text import word_start_q

    found = alerts_for(user=user).filter(day_range_q("created_at", date_from, date_to))
    for word in fold(q or "").split():
        found = found.filter(word_start_q("own_person__search_key", word))
    if status:
        found = found.filter(status=status)
    if other_agency is not None:
        found = found.filter(other_agency=other_agency)
    return found


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
