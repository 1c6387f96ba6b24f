"""Which records point at a person: the second half of person visibility.

A person is visible to whoever may see a record the person is part of. The
records live in several apps (people's own records, incidents' involvements,
later exchange's notices); each is declared here by model label so that this
app never imports the others. A label whose app is not installed (or whose
model does not exist yet) is skipped.

Another app adds its own relation once, e.g. in its `AppConfig.ready()`::

    from giapranh.people.links import register_person_link
    register_person_link("exchange.NoticePerson", person_field="person", record_field="notice")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from giapranh.core.access import NOTHING, agency_subtree_ids


@dataclass(frozen=True)
class PersonLink:
    """`model_label.person_field` points at a Person; the record is `record_field` (or the row itself)."""

    model_label: str
    person_field: str
    record_field: str | None = None


_LINKS: list[PersonLink] = [
    PersonLink("people.Supervision", "person"),
    PersonLink("people.Measure", "person"),
    PersonLink("people.ForeignVisit", "visitor"),
    PersonLink("people.IllegalExit", "person"),
    PersonLink("incidents.Involvement", "person", "incident"),
    PersonLink("incidents.AccidentInvolvement", "person", "accident"),
]


# Hooks that make a person seen through another agency's record into one of the actor's own before
# it is linked into the actor's record (the exchange keeps "received information", issue 9).
_OWN_RECORD_HOOKS: list[Any] = []


def register_own_record_hook(hook: Any) -> None:
    """`hook(*, actor, person) -> Person` runs before a person is linked into a record of the actor's agency."""
    if hook not in _OWN_RECORD_HOOKS:
        _OWN_RECORD_HOOKS.append(hook)


def person_for_own_record(*, actor: Any, person: Any) -> Any:
    """The person to link into the actor's own record: `person`, or what a registered hook makes of it."""
    for hook in _OWN_RECORD_HOOKS:
        person = hook(actor=actor, person=person)
    return person


def register_person_link(model_label: str, person_field: str, record_field: str | None = None) -> None:
    """Declare that rows of `model_label` link a person to a record (idempotent)."""
    link = PersonLink(model_label, person_field, record_field)
    if link not in _LINKS:
        _LINKS.append(link)


@dataclass(frozen=True)
class ResolvedLink:
    model: type[models.Model]
    person_field: str
    record_field: str | None

    @property
    def record_model(self) -> type[models.Model]:
        if self.record_field is None:
            return self.model
        return self.model._meta.get_field(self.record_field).related_model  # type: ignore[return-value]

    def visible_records(self, user: Any) -> models.QuerySet:
        return self.record_model.objects.visible_to(user)  # type: ignore[attr-defined]

    def person_ids_visible_to(self, user: Any) -> models.QuerySet:
        """Ids of the persons this relation links to records `user` sees (a subquery)."""
        if self.record_field is None:
            rows = self.visible_records(user)
        else:
            rows = self.model._default_manager.filter(
                **{f"{self.record_field}__in": self.visible_records(user).values("pk")}
            )
        return rows.order_by().values_list(self.person_field, flat=True)

    def person_exists(self, user: Any) -> Exists:
        """Whether this relation links the outer query's person to a record `user` sees (correlated).

        Asked per person, so it costs nothing for the persons an earlier branch already admitted.
        """
        records = self.visible_records(user)
        if self.record_field is None:
            return Exists(records.filter(**{self.person_field: OuterRef("pk")}))
        rows = self.model._default_manager.filter(**{self.person_field: OuterRef("pk")})
        return Exists(rows.filter(Exists(records.filter(pk=OuterRef(self.record_field)))))

    def records_of(self, person: Any, user: Any) -> models.QuerySet:
        """The records `user` sees that this relation links to `person`."""
        if self.record_field is None:
            return self.visible_records(user).filter(**{self.person_field: person})
        record_ids = self.model._default_manager.filter(**{self.person_field: person}).values(self.record_field)
        return self.visible_records(user).filter(pk__in=record_ids)


def person_links() -> list[ResolvedLink]:
    """The declared relations whose models exist in this installation."""
    resolved = []
    for link in _LINKS:
        try:
            model = apps.get_model(link.model_label)
        except (LookupError, ValueError):
            continue
        resolved.append(ResolvedLink(model, link.person_field, link.record_field))
    return resolved


# Persons linked from visible records but recorded elsewhere are few for a commune (records
# shared by the cluster, granted by a notice): up to this many, they are listed by id, which
# lets the database combine two index lookups instead of scanning every person.
LINKED_LISTED_MAX = 2_000
# A subtree of more agencies than this is tested by a subquery on the agency path, not a list.
SUBTREE_LISTED_MAX = 50


class VisibleParts:
    """The two halves of person visibility for one user, each built only when a query asks for it."""

    def __init__(self, user: Any) -> None:
        self.user = user
        # The user's agency and the agencies below it: their persons are the user's.
        self.agency_ids: list[int] = agency_subtree_ids(user)
        self.links = person_links()

    @property
    def owned_q(self) -> Q:
        if len(self.agency_ids) <= SUBTREE_LISTED_MAX:
            return Q(owner_agency_id__in=self.agency_ids)
        # A province's hundreds of agencies: the same subtree as a subquery by path, which the
        # database reads once per query (and Django need not prepare hundreds of parameters).
        from giapranh.accounts.models import Agency

        return Q(owner_agency_id__in=Agency.objects.filter(path__startswith=self.user.agency.path).values("pk"))

    @cached_property
    def outsiders(self) -> bool:
        """Whether any person was recorded outside the user's subtree (else all persons are its own)."""
        from giapranh.accounts.models import Agency
        from giapranh.people.models import Person

        others = Agency.objects.exclude(pk__in=self.agency_ids) if len(self.agency_ids) <= SUBTREE_LISTED_MAX else (
            Agency.objects.exclude(path__startswith=self.user.agency.path)
        )
        return others.filter(Exists(Person.objects.filter(owner_agency_id=OuterRef("pk")))).exists()

    @cached_property
    def linked(self) -> models.QuerySet | None:
        """Ids of persons linked from records the user sees (a subquery), None without any relation."""
        parts = [link.person_ids_visible_to(self.user) for link in self.links]
        return parts[0].union(*parts[1:]) if parts else None

    @cached_property
    def linked_ids(self) -> list[int] | None:
        """The linked persons' ids when there are at most LINKED_LISTED_MAX of them (one query), else None."""
        if self.linked is None:
            return []
        ids = [i for i in self.linked[: LINKED_LISTED_MAX + 1] if i is not None]
        return ids if len(ids) <= LINKED_LISTED_MAX else None

    @property
    def visible_q(self) -> Q:
        if self.linked is None:
            return self.owned_q
        ids = self.linked_ids
        return self.owned_q | Q(pk__in=ids if ids is not None else self.linked)

    @cached_property
    def checked_q(self) -> Q:
        """`visible_q` checked person by person: for queries that reach few persons by another index.

        Recorded by the subtree, else linked from a visible record (asked only of the persons the
        first test refused: none, for a province whose persons are all its own). It never lists
        the linked persons, which for a province means scanning every record it sees.
        """
        q = self.owned_q
        if not self.outsiders:
            # Every person is the subtree's own: the linked records can add no one.
            return q
        for link in self.links:
            q |= Q(link.person_exists(self.user))
        return q


def persons_visible_parts(user: Any) -> VisibleParts | None:
    """Person visibility in two halves (None when the user sees no person at all).

    The search runs the halves as separate queries so that each uses its best index.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "sees_records", False):
        return None
    return VisibleParts(user)


def persons_visible_q(user: Any) -> Q:
    """The one visibility rule for persons (steering viewers and administrators see none).

    Recorded by the user's agency or an agency below it (the rule of
    `core.access.records_visible_q`), or linked from a record the user sees.
    """
    parts = persons_visible_parts(user)
    return parts.visible_q if parts is not None else NOTHING


def persons_checked_q(user: Any) -> Q:
    """The same rule as `persons_visible_q`, checked person by person (for a few persons found by an index)."""
    parts = persons_visible_parts(user)
    return parts.checked_q if parts is not None else NOTHING
