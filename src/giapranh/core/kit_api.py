"""The API half of the record kit: one router per declared record type.

The In schema is derived from the model fields the type declares (types,
lengths, choices, required-ness, descriptions from `help_text`), the Patch
schema from the In schema (every field optional; only the fields sent are
changed), the Out schema from the same fields plus what every record has.
Relations travel as official codes or public ids (`kit.Ref`), never as
database ids. Every handler reads through the type's selectors (404 for
missing and invisible alike) and writes through the one service lifecycle.
"""

import datetime as dt
import enum
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile as NinjaUploadedFile
from ninja.pagination import paginate
from pydantic import AfterValidator, BeforeValidator

from giapranh.core.actor import actor_of
from giapranh.core.attachments import (
    attachment_add,
    attachment_get,
    attachment_remove,
    attachment_response,
    attachments_of,
)
from giapranh.core.audit import access_log_list_names
from giapranh.core.kit import RecordType, detail_notes, ref_for
from giapranh.core.models import Attachment
from giapranh.core.schemas import (
    AgencyRefOut,
    AttachmentOut,
    Code,
    CommuneOut,
    Pages,
    ShareIn,
    ShareOut,
    clean_line,
    clean_multiline,
    commune_from_code,
    require_records,
    share_from_api,
)
from giapranh.core.services import record_create, record_delete, record_update, record_view_logged

PAGE_SIZE = 25
EARLIEST_YEAR = 1900
# Free text (summaries, notes, minutes) has an upper length too: a page of a report, not a file.
TEXT_MAX_LENGTH = 20_000


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError(_("This field is required."))
    return value


def _sane_date(value: Any) -> Any:
    """Dates before 1900 are typing errors (and year 1 overflows time-zone arithmetic)."""
    if value is not None and value.year < EARLIEST_YEAR:
        raise ValueError(_("Give a date after %(year)s.") % {"year": EARLIEST_YEAR})
    return value


def _choices_enum(field: models.Field) -> type[enum.Enum] | None:
    """The TextChoices class a model field's choices came from (so the API shows the same enum)."""
    wanted = [value for value, _label in field.flatchoices]

    def walk(cls: type) -> type | None:
        sub: Any
        for sub in cls.__subclasses__():
            if [member.value for member in sub] == wanted:
                return sub
            found = walk(sub)
            if found is not None:
                return found
        return None

    return walk(models.TextChoices)


def _description(field: models.Field, suffix: str = "") -> str:
    text = str(field.help_text or field.verbose_name or field.name)
    text = text[:1].upper() + text[1:]
    return f"{text} {suffix}".strip() if suffix else text


def _scalar(field: models.Field) -> Any:
    """The API type of a plain (non-relation) model field, with the validators every input gets."""
    choices = _choices_enum(field) if field.choices else None
    if choices is not None:
        return choices
    if isinstance(field, models.TextField | models.CharField):
        validators: list[Any] = [BeforeValidator(clean_multiline if isinstance(field, models.TextField) else clean_line)]
        if not field.blank:
            validators.append(AfterValidator(_not_blank))
        kwargs = {"max_length": field.max_length or TEXT_MAX_LENGTH}
        return Annotated[str, Field(**kwargs), *validators]  # type: ignore[call-overload]
    if isinstance(field, models.DateTimeField):
        return Annotated[dt.datetime, AfterValidator(_sane_date)]
    if isinstance(field, models.DateField):
        return Annotated[dt.date, AfterValidator(_sane_date)]
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.PositiveIntegerField | models.PositiveBigIntegerField | models.PositiveSmallIntegerField):
        return Annotated[int, Field(ge=0, le=2**53)]
    if isinstance(field, models.IntegerField):
        return Annotated[int, Field(ge=-(2**53), le=2**53)]
    if isinstance(field, models.FloatField):
        return Annotated[float, Field(allow_inf_nan=False)]
    raise TypeError(f"The record kit has no API type for {field!r}.")


def _api_type(api_type: Any) -> Any:
    """A reference typed as text travels as a `Code`: cleaned at the door like every text, and short."""
    return Code if api_type is str else api_type


def _in_field(record_type: RecordType, name: str) -> tuple[Any, Any]:
    """(annotation, Field) of one input field of the In schema."""
    field = record_type.model_field(name)
    if field.many_to_many:
        ref = ref_for(field.related_model)
        return list[_api_type(ref.api_type)], Field([], description=_description(field, ref.description))  # type: ignore[misc]
    if field.is_relation:
        ref = ref_for(field.related_model)
        api_type = _api_type(ref.api_type)
        # The commune is optional everywhere: omitted, the actor's commune on the record's date.
        if field.null or field.blank or name == "commune":
            return api_type | None, Field(None, description=_description(field, ref.description))
        return api_type, Field(description=_description(field, ref.description))
    annotation = _scalar(field)
    if field.has_default():
        default = field.get_default()
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            default = annotation(default)
        return annotation, Field(default, description=_description(field))
    if field.null:
        return annotation | None, Field(None, description=_description(field))
    if field.blank:
        return annotation, Field("", description=_description(field))
    return annotation, Field(description=_description(field))


def _out_field(record_type: RecordType, name: str) -> tuple[Any, Any, Callable[..., Any] | None]:
    """(annotation, Field, resolver) of one output field."""
    if name in record_type.api_extra_out:
        annotation, resolver = record_type.api_extra_out[name]
        return annotation, Field(description=name.replace("_", " ").capitalize()), resolver
    field = record_type.model_field(name)
    description = _description(field)
    if field.many_to_many:
        out = record_type.api_out_types.get(name, ref_for(field.related_model).out)
        return list[out], Field(description=description), lambda obj: list(getattr(obj, name).all())  # type: ignore[valid-type]
    if field.is_relation:
        ref = ref_for(field.related_model)
        out = record_type.api_out_types.get(name, ref.out)
        visible = _visible_ref_resolver(name, field.related_model) if ref.visible else None
        return (out | None if field.null else out), Field(description=description), visible
    annotation = _choices_enum(field) if field.choices else None
    if annotation is None:
        annotation = {
            models.DateTimeField: dt.datetime, models.DateField: dt.date, models.BooleanField: bool,
            models.FloatField: float,
        }.get(type(field), int if isinstance(field, models.IntegerField) else str)
    return (annotation | None if field.null else annotation), Field(description=description), None


def _visible_ref_resolver(name: str, model: type[models.Model]) -> Callable[..., Any]:
    """A linked record is named only if the reader may see it; otherwise only that one exists."""

    def resolve(obj: Any, context: Any) -> Any:
        target = getattr(obj, name)
        if target is None:
            return None
        user = context["request"].user
        if model.objects.visible_to(user).filter(pk=target.pk).exists():  # type: ignore[attr-defined]
            return target
        return {"public_id": None, "number": None}

    return resolve


def _make_schema(name: str, fields: dict[str, tuple[Any, Any]], resolvers: dict[str, Callable[..., Any]]) -> type[Schema]:
    namespace: dict[str, Any] = {"__annotations__": {k: v[0] for k, v in fields.items()}, "__module__": __name__}
    namespace.update({k: v[1] for k, v in fields.items()})
    for key, resolver in resolvers.items():
        namespace[f"resolve_{key}"] = staticmethod(resolver)
    return type(name, (Schema,), namespace)


class Schemas:
    """The In, Patch, Out, ListOut and Filters schemas of one record type."""

    def __init__(self, record_type: RecordType) -> None:
        rt = record_type
        name = rt.schema_name
        inputs = {field: _in_field(rt, field) for field in rt.fields}
        self.In = _make_schema(f"{name}In", inputs, {})
        self.Patch = _make_schema(
            f"{name}Patch",
            {field: (annotation | None, Field(None, description=info.description)) for field, (annotation, info) in inputs.items()},
            {},
        )
        standard: dict[str, tuple[Any, Any]] = {"public_id": (UUID, Field(description="Public identifier, used in every URL."))}
        concrete = {f.name for f in rt.model._meta.concrete_fields}
        if "number" in concrete:
            standard["number"] = (str, Field(description="Agency-scoped number, e.g. QY-2020-015."))
        if "commune" in concrete:
            standard["commune"] = (CommuneOut, Field(description="The commune as listed on the record's date."))
        standard["owner_agency"] = (AgencyRefOut, Field(description="The agency that recorded (and manages) the record."))
        if "shared_with_cluster" in concrete:
            standard["shared_with_cluster"] = (bool, Field(description="Shared with the cluster's agencies."))
        timestamps = {
            "created_at": (dt.datetime, Field(description="When the record was created.")),
            "updated_at": (dt.datetime, Field(description="When the record was last changed.")),
        }
        outputs: dict[str, tuple[Any, Any]] = {}
        resolvers: dict[str, Callable[..., Any]] = {}
        names = [f for f in rt.fields if f != "commune"] + list(rt.api_extra_out)
        if rt.attachments:
            outputs["attachments"] = (list[AttachmentOut], Field(description="Files attached to the record."))
            resolvers["attachments"] = _attachments_resolver
        outputs["handling_notes"] = (list[str], Field(
            description="How the record reached you, when it is not your agency's: the message that carried it and its handling code "
            "(what you may do with it). Empty for your own records.",
        ))
        resolvers["handling_notes"] = _notes_resolver
        for field in names:
            annotation, info, resolver = _out_field(rt, field)
            outputs[field] = (annotation, info)
            if resolver is not None:
                resolvers[field] = resolver
        self.Out = _make_schema(f"{name}Out", {**standard, **outputs, **timestamps}, resolvers)
        if rt.api_list_fields is None:
            self.ListOut = self.Out
        else:
            listed = {k: v for k, v in outputs.items() if k in rt.api_list_fields}
            self.ListOut = _make_schema(
                f"{name}ListOut", {**standard, **listed}, {k: v for k, v in resolvers.items() if k in listed}
            )
        filters: dict[str, tuple[Any, Any]] = {
            "q": (Code | None, Field(None, description="Words in the record's text or in a linked person's name; diacritics optional.")),
            "date_from": (dt.date | None, Field(None, description="On or after this day (the record's date).")),
            "date_to": (dt.date | None, Field(None, description="On or before this day.")),
        }
        if "commune" in concrete:
            filters["commune"] = (Code | None, Field(None, description="Official code of a commune: a current commune includes its predecessors, one that ceased on 1 July 2025 only its own records."))
        for extra in rt.filters:
            filters[extra.name] = (_api_type(extra.api_type) | None, Field(None, description=extra.description))
        self.Filters = _make_schema(f"{name}Filters", filters, {})


def _notes_resolver(obj: Any, context: Any) -> list[str]:
    return [str(note) for note in detail_notes(record=obj, user=context["request"].user)]


def _attachments_resolver(obj: Any) -> list[Any]:
    return list(obj.attachments.all())


@cache
def schemas_for(record_type: RecordType) -> Schemas:
    return Schemas(record_type)


def list_filter_values(record_type: RecordType, filters: Any) -> dict[str, Any]:
    """A list's API filters → the list selector's arguments (period checked, codes resolved), 422 naming the field."""
    values = filters.dict()
    _period_checked(values.get("date_from"), values.get("date_to"))
    if "commune" in values:
        values["commune"] = commune_from_code(values["commune"], None)
    for extra in record_type.filters:
        value = values.get(extra.name)
        if value is not None and extra.convert is not None:
            values[extra.name] = extra.convert(value)
    return values


def _period_checked(date_from: dt.date | None, date_to: dt.date | None) -> None:
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value is not None and not (EARLIEST_YEAR <= value.year <= 9000):
            raise ValidationError({name: _("Give a date between %(first)s and %(last)s.") % {"first": EARLIEST_YEAR, "last": 9000}})
    if date_from and date_to and date_to < date_from:
        raise ValidationError({"date_to": _("The end of the period is before its start.")})


def api_to_service(request: HttpRequest, record_type: RecordType, data: dict[str, Any], record: Any = None) -> dict[str, Any]:
    """API input (codes, public ids, nulls) → service arguments (objects), errors naming the field."""
    actor = actor_of(request)
    values = dict(data)
    errors: dict[str, list[Any]] = {}
    day = None
    given = values.get(record_type.date_field)
    if isinstance(given, dt.datetime):
        day = timezone.localdate(given) if timezone.is_aware(given) else given.date()
    elif isinstance(given, dt.date):
        day = given
    elif record is not None:
        day = record_type.record_day(record)
    for name, value in list(values.items()):
        field = record_type.model_field(name)
        if isinstance(value, dt.datetime) and timezone.is_naive(value):
            # Times without an offset are Vietnam time, like everything officers type.
            value = values[name] = timezone.make_aware(value)
        if value is None:
            if field.is_relation or field.null:
                values[name] = [] if field.many_to_many else None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                values[name] = ""
            elif field.has_default():
                default = field.get_default()
                values[name] = default.value if isinstance(default, enum.Enum) else default
            else:
                errors.setdefault(name, []).append(_("This field is required."))
            continue
        if name == "commune":
            try:
                values[name] = commune_from_code(value, day)
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.message_dict.get(name, error.messages))
            continue
        if field.is_relation:
            ref = ref_for(field.related_model)
            found = [ref.find(actor=actor, value=v, day=day) for v in (value if field.many_to_many else [value])]
            missing = [str(v) for v, obj in zip(value if field.many_to_many else [value], found, strict=True) if obj is None]
            if missing:
                errors.setdefault(name, []).append(str(ref.not_found) % {"value": ", ".join(missing)})
            else:
                values[name] = found if field.many_to_many else found[0]
    if errors:
        raise ValidationError(errors)
    return values


def record_router(record_type: RecordType) -> Router:
    """The API of one record type: list, create, read, replace, patch, delete, share, attachments."""
    rt = record_type
    s = schemas_for(rt)
    In, Patch, Out, ListOut, Filters = s.In, s.Patch, s.Out, s.ListOut, s.Filters
    router = Router(tags=[rt.api_tag or str(rt.model._meta.app_label)])
    path = f"/{rt.api_path}"
    item = f"{path}/{{public_id}}"
    plural = str(rt.verbose_name_plural)
    singular = str(rt.verbose_name)

    def fetch(request: HttpRequest, public_id: str) -> Any:
        if not getattr(request.user, "sees_records", False):
            raise Http404  # one record: the same answer as for a record that does not exist
        return rt.get_for(user=request.user, public_id=public_id)

    def fresh(request: HttpRequest, record: Any) -> Any:
        return rt.get_for(user=request.user, public_id=record.public_id)

    def list_records(request: HttpRequest, filters: Query[Filters]) -> QuerySet[Any]:  # type: ignore[valid-type]
        require_records(request)
        values = list_filter_values(rt, filters)
        queryset = rt.list_for(user=request.user, **values)
        if rt.person_field:
            access_log_list_names(actor=request.user, target_type=rt.label)
        return queryset.prefetch_related("attachments") if rt.attachments else queryset

    def create(request: HttpRequest, payload: In) -> Status[Any]:  # type: ignore[valid-type]
        require_records(request)
        data = api_to_service(request, rt, payload.dict())  # type: ignore[attr-defined]
        record = record_create(record_type=rt, actor=actor_of(request), data=data)
        return Status(201, fresh(request, record))

    def read(request: HttpRequest, public_id: str) -> Any:
        record = fetch(request, public_id)
        if rt.personal_data:
            record_view_logged(record=record, actor=actor_of(request), reason="api")
        return record

    def replace(request: HttpRequest, public_id: str, payload: In) -> Any:  # type: ignore[valid-type]
        record = fetch(request, public_id)
        data = api_to_service(request, rt, payload.dict(), record)  # type: ignore[attr-defined]
        record_update(record_type=rt, record=record, actor=actor_of(request), changes=data)
        return fresh(request, record)

    def patch(request: HttpRequest, public_id: str, payload: Patch) -> Any:  # type: ignore[valid-type]
        record = fetch(request, public_id)
        data = api_to_service(request, rt, payload.dict(exclude_unset=True), record)  # type: ignore[attr-defined]
        record_update(record_type=rt, record=record, actor=actor_of(request), changes=data)
        return fresh(request, record)

    def delete(request: HttpRequest, public_id: str) -> Status[None]:
        record_delete(record=fetch(request, public_id), actor=actor_of(request))
        return Status(204, None)

    op = rt.operation
    listed: Any = list[ListOut]  # type: ignore[valid-type]
    router.get(path, response=listed, summary=f"{plural} you may see, filtered", operation_id=f"{op}_list")(
        paginate(Pages, page_size=PAGE_SIZE)(list_records)
    )
    router.post(path, response={201: Out}, summary=f"Record a {singular}", operation_id=f"{op}_create")(create)
    router.get(item, response=Out, summary=f"One {singular} (the read is logged)", operation_id=f"{op}_get")(read)
    router.put(item, response=Out, summary=f"Replace a {singular}'s data", operation_id=f"{op}_replace")(replace)
    router.patch(item, response=Out, summary=f"Change some of a {singular}'s data", operation_id=f"{op}_patch")(patch)
    router.delete(item, response={204: None}, summary=f"Delete a {singular} (owner agency only)", operation_id=f"{op}_delete")(delete)
    if rt.policy.shareable:

        def share(request: HttpRequest, public_id: str, payload: ShareIn) -> ShareOut:
            return share_from_api(request, fetch(request, public_id), payload)

        router.post(
            f"{item}/share", response=ShareOut, summary="Share with the cluster or withdraw (commune chief)",
            operation_id=f"{op}_share",
        )(share)
    if rt.attachments:
        attachment_routes(router, rt, item, fetch)
    return router


def attachment_routes(router: Router, record_type: RecordType, item: str, fetch: Callable[..., Any]) -> None:
    """API endpoints for a record type's files (same service and rules as the pages)."""
    op = record_type.operation

    def list_files(request: HttpRequest, public_id: str) -> list[Attachment]:
        return list(attachments_of(fetch(request, public_id)))

    def upload(request: HttpRequest, public_id: str, file: File[NinjaUploadedFile], description: Form[str] = "") -> Status[Attachment]:
        record = fetch(request, public_id)
        return Status(201, attachment_add(record=record, actor=request.user, upload=file, description=description))

    def download(request: HttpRequest, public_id: str, attachment_id: str) -> FileResponse:
        record = fetch(request, public_id)
        return attachment_response(record=record, attachment=attachment_get(record=record, public_id=attachment_id), actor=request.user)

    def remove(request: HttpRequest, public_id: str, attachment_id: str) -> Status[None]:
        record = fetch(request, public_id)
        attachment_remove(record=record, attachment=attachment_get(record=record, public_id=attachment_id), actor=request.user)
        return Status(204, None)

    files = f"{item}/attachments"
    router.get(files, response=list[AttachmentOut], summary="Files attached to the record", operation_id=f"{op}_attachments")(list_files)
    router.post(files, response={201: AttachmentOut}, summary="Attach a file (PDF, JPEG, PNG, DOCX, XLSX; owner agency)", operation_id=f"{op}_attach")(upload)
    router.get(f"{files}/{{attachment_id}}", summary="Download a file (logged)", operation_id=f"{op}_download")(download)
    router.delete(f"{files}/{{attachment_id}}", response={204: None}, summary="Remove a file (owner agency)", operation_id=f"{op}_detach")(remove)
