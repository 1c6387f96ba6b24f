"""The record kit: a record type is declared once, and its pages, API, services and tests follow.

In the spirit of Wagtail's `ModelViewSet`: a `RecordType` names the model, its
fields (in form order), list columns and filters, the date that places it in
time, its number prefix, whether it holds personal data, and its own business
rules. From it come

- the service lifecycle (`core.services.record_create` / `record_update` /
  `record_delete`: commune for the record's date, numbering, history, rules),
- the pages (`core.kit_views.record_urls`: list, detail, form, delete, share,
  attachments) and the navigation entry,
- the API (`core.kit_api.record_router`: list with filters, create, read,
  replace, patch, delete, share, attachments; In / Patch / Out schemas derived
  from the model fields),
- the conformance tests (`tests/core/test_conformance.py`, parametrised over
  `record_types()`).

Access is not declared here: `core.policies.policy_for(model)` decides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.module_loading import import_string
from django.utils.text import capfirst

from giapranh.core.policies import RecordPolicy, policy_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Ref:
    """How the API names an object of a related model: by official code or by public id.

    `find(actor=, value=, day=)` returns the object or None; `day` is the
    record's date, for units that are looked up as listed on that date.
    `visible` marks references to other *records*: the reader sees them only if
    the record's own policy lets them (otherwise "a record exists", nothing more).
    """

    api_type: Any
    find: Callable[..., Any]
    out: Any
    description: str
    not_found: StrOrPromise
    visible: bool = False


def visible_by_public_id(model: type[models.Model]) -> Callable[..., Any]:
    """A `Ref.find` for records and persons: the one with this public id that the actor may see, or None."""
    from django.core.exceptions import ValidationError

    def find(*, actor: Any, value: Any, day: Any) -> Any:
        try:
            return model.objects.visible_to(actor).filter(public_id=value).first()  # type: ignore[attr-defined]
        except (ValidationError, ValueError):
            return None

    return find


_REFS: dict[type[models.Model], Ref] = {}


def register_ref(model: type[models.Model], ref: Ref) -> None:
    """Declare how `model` is named in the API (once, by the app that owns `model`)."""
    _REFS[model] = ref


def ref_for(model: type[models.Model]) -> Ref:
    try:
        return _REFS[model]
    except KeyError:
        raise LookupError(f"No API reference is registered for {model._meta.label}.") from None


@dataclass(frozen=True)
class Number:
    """Agency-scoped record numbers `QY-<infix>-2020-015`, counted per `kind` and year."""

    kind: str
    infix: str = ""


@dataclass(frozen=True)
class Filter:
    """A list filter beyond the standard ones (text, period, commune): its API type and how a value reaches the selector."""

    name: str
    api_type: Any
    description: str
    convert: Callable[[Any], Any] | None = None


@dataclass(eq=False)
class RecordType:
    """One declaration per record type (see the module docstring)."""

    model: type[models.Model]
    # API: `/api/v1/<api_path>`, schema names `<schema_name>In|Patch|Out`, operation ids `<operation>_<verb>`.
    api_path: str
    schema_name: str
    operation: str
    # Pages: url names `<namespace>:<url_name>_list|detail|create|edit|delete|share`.
    namespace: str
    url_name: str
    fields: tuple[str, ...]
    date_field: str
    list_columns: tuple[str, ...]
    # Reads: dotted paths of `list_selector(*, user, q, date_from, date_to, commune, **filters)` and
    # `get_selector(*, user, public_id)` (404 for missing and invisible alike).
    list_selector: str = ""
    get_selector: str = ""
    filters: tuple[Filter, ...] = ()
    filter_form_class: str = ""
    number: Number | None = None
    # Dates of things that have already happened (reported, decided, arrived, left): never after today.
    past_fields: tuple[str, ...] = ()
    personal_data: bool = True
    # The person the record is about, for search by name and the detail page's link.
    person_field: str | None = None
    # Text search also looks at these related persons (e.g. "involvements__person").
    person_search_paths: tuple[str, ...] = ()
    # Dotted path of `rules(*, record, actor, data, previous, errors)`: the type's own checks.
    rules: str | None = None
    # Dotted path of `after_save(*, record, actor, created)`: what follows from a saved record
    # in the same transaction (e.g. a notice's deliveries), after its many-to-many fields are set.
    after_save: str | None = None
    attachments: bool = True
    form_class: str | None = None
    # API: a shorter item schema for lists (`<schema_name>ListOut`), extra computed output fields.
    api_list_fields: tuple[str, ...] | None = None
    api_extra_out: dict[str, tuple[Any, Callable[..., Any]]] = field(default_factory=dict)
    api_out_types: dict[str, Any] = field(default_factory=dict)
    api_tag: str = ""
    # Pages: a template included on the detail page (e.g. the persons of an incident).
    detail_include: str | None = None
    # List and export columns that are no model field: name → (heading, `show(record, *, user)` → text);
    # `show` applies the access rule to whatever it names (e.g. a commendation's recipient).
    computed_columns: dict[str, tuple[Any, Callable[..., str]]] = field(default_factory=dict)
    detail_context: Callable[..., dict[str, Any]] | None = None
    nav_order: int = 100
    nav_label: StrOrPromise = ""
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> StrOrPromise:
        return self.model._meta.verbose_name or ""

    @property
    def verbose_name_plural(self) -> StrOrPromise:
        return self.model._meta.verbose_name_plural or ""

    @property
    def policy(self) -> RecordPolicy:
        return policy_for(self.model)

    @cached_property
    def list_for(self) -> Callable[..., Any]:
        """The list selector: the type's own, or the kit's (`core.selectors.records_for`)."""
        if self.list_selector:
            return import_string(self.list_selector)
        from giapranh.core.selectors import records_for

        return partial(records_for, record_type=self)

    @cached_property
    def get_for(self) -> Callable[..., Any]:
        """The detail selector (404 for missing and invisible alike): the type's own, or the kit's."""
        if self.get_selector:
            return import_string(self.get_selector)
        from giapranh.core.selectors import record_for

        return partial(record_for, record_type=self)

    @cached_property
    def filter_form(self) -> type[Any]:
        """The list's filter form: the type's own, or the standard one plus a field per declared filter."""
        if self.filter_form_class:
            return import_string(self.filter_form_class)
        from giapranh.core.forms import filter_form_for

        return filter_form_for(self)

    @cached_property
    def rules_function(self) -> Callable[..., None] | None:
        return import_string(self.rules) if self.rules else None

    @cached_property
    def after_save_function(self) -> Callable[..., None] | None:
        return import_string(self.after_save) if self.after_save else None

    def model_field(self, name: str) -> Any:
        return self.model._meta.get_field(name)

    @cached_property
    def m2m_fields(self) -> tuple[str, ...]:
        return tuple(name for name in self.fields if self.model_field(name).many_to_many)

    @property
    def is_datetime(self) -> bool:
        return isinstance(self.model_field(self.date_field), models.DateTimeField)

    def record_day(self, record: Any) -> dt.date | None:
        """The local calendar day that places the record in time (and picks its commune)."""
        from django.utils import timezone

        value = getattr(record, self.date_field, None)
        if isinstance(value, dt.datetime):
            return timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return value

    def url(self, verb: str) -> str:
        return f"{self.namespace}:{self.url_name}_{verb}"


_REGISTRY: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    """Add a record type to the kit (idempotent: apps declare their types at import), and its menu entry."""
    from giapranh.navigation import register_nav

    _REGISTRY[record_type.label] = record_type
    register_nav(record_type.url("list"), record_type.nav_label or capfirst(record_type.verbose_name_plural), order=record_type.nav_order)
    return record_type


def record_types() -> list[RecordType]:
    """Every declared record type, in navigation order."""
    return sorted(_REGISTRY.values(), key=lambda t: (t.nav_order, t.label))


def record_type_for(model: type[models.Model]) -> RecordType:
    return _REGISTRY[model._meta.label_lower]


# Notes another app adds to any record's detail page (e.g. "received through notice N, handling code H2").
_DETAIL_NOTES: list[Callable[..., list[Any]]] = []


def register_detail_notes(provider: Callable[..., list[Any]]) -> None:
    """Add `provider(*, record, user) -> list of texts` to every kit detail page (idempotent)."""
    if provider not in _DETAIL_NOTES:
        _DETAIL_NOTES.append(provider)


def detail_notes(*, record: Any, user: Any) -> list[Any]:
    """The notes every registered provider gives for a record the user is reading."""
    return [note for provider in _DETAIL_NOTES for note in provider(record=record, user=user)]
