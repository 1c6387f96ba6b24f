"""Pages and API of the Excel import and export (`core.spreadsheets`) of a declared record type.

`spreadsheet_urls(record_type, prefix)` gives the template download, the import
page and the export of the filtered list (the filters kept in the session by the
list page); `spreadsheet_routes(router, record_type)` the same over the API.

Progress for large files: the import runs in the request, writing in one
transaction (100,000 rows take seconds, bench/import.py), so there is no
background worker, job table or half-finished import to look after. While it
runs, it reports its phase (reading, checking row N of M, writing, done or the
errors) to `ImportProgress`, kept in the `shared` cache (settings.CACHES: a
folder under var/ by default, Redis when configured), which every worker process
reads. The import page reserves an unguessable token for its user and type; the
form posts it with the file, and the page's script (static
giapranh/import-progress.js) polls `…/import/progress/<token>/` and moves a
<progress> bar. Another user's poll of the token answers 404. Without
JavaScript the form posts as before and the page shows the result. The API has
the same: `POST …/import/progress` reserves a token, `GET …/import/progress/{token}`
reads it, and `POST …/import` takes it as the optional form field `progress`.
"""

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile as NinjaUploadedFile

from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.history import number_display
from giapranh.core.kit import RecordType
from giapranh.core.spreadsheets import (
    CHECKING,
    READING,
    WRITING,
    XLSX,
    ImportResult,
    RowError,
    export_workbook,
    import_workbook,
    sheet_for,
    template_workbook,
)
from giapranh.core.views import RecordAccessMixin

MAX_UPLOAD = 50 * 1024 * 1024
PROGRESS_CACHE = "shared"
PROGRESS_SECONDS = 2 * 60 * 60
WAITING, DONE, ERRORS = "waiting", "done", "errors"
PROGRESS_ERRORS_KEPT = 50


class ImportProgress:
    """The progress of one import, in a cache every worker process reads, readable by the user who started it only.

    `reserve` gives an unguessable token bound to a user and a record type; the
    import reports to `report(phase, done, total)` and ends with `finish(result)`;
    `read` answers None for an unknown token, another user's or another type's.
    """

    def __init__(self, token: str, owner: dict[str, Any]) -> None:
        self.token = token
        self.owner = owner

    @staticmethod
    def _key(token: str) -> str:
        return f"import-progress:{token}"

    @classmethod
    def reserve(cls, *, user: Any, record_type: RecordType) -> "ImportProgress":
        progress = cls(secrets.token_urlsafe(24), {"user": user.pk, "type": record_type.label})
        progress._store(WAITING, 0, 0)
        return progress

    @classmethod
    def _load(cls, token: Any, *, user: Any, record_type: RecordType) -> dict[str, Any] | None:
        if not isinstance(token, str) or not 16 <= len(token) <= 64:
            return None
        value = caches[PROGRESS_CACHE].get(cls._key(token))
        if not isinstance(value, dict) or value.get("user") != user.pk or value.get("type") != record_type.label:
            return None
        return value

    @classmethod
    def claim(cls, token: Any, *, user: Any, record_type: RecordType) -> "ImportProgress | None":
        """The reserved progress an import reports to: only the user's own token for this type (else None)."""
        if cls._load(token, user=user, record_type=record_type) is None:
            return None
        return cls(token, {"user": user.pk, "type": record_type.label})

    @classmethod
    def read(cls, token: Any, *, user: Any, record_type: RecordType) -> dict[str, Any] | None:
        """What the page shows: phase, counts, percent and a Vietnamese sentence (None: not this user's)."""
        value = cls._load(token, user=user, record_type=record_type)
        if value is None:
            return None
        kept = ("phase", "done", "total", "created", "updated", "unchanged", "error_count", "errors")
        shown: dict[str, Any] = {name: value[name] for name in kept if name in value}
        shown["percent"] = _percent(value)
        shown["message"] = _progress_message(value)
        shown["finished"] = value["phase"] in (DONE, ERRORS)
        return shown

    def _store(self, phase: str, done: int, total: int, **extra: Any) -> None:
        caches[PROGRESS_CACHE].set(self._key(self.token), {**self.owner, "phase": phase, "done": done, "total": total, **extra}, PROGRESS_SECONDS)

    def report(self, phase: str, done: int, total: int) -> None:
        self._store(phase, done, total)

    def finish(self, result: ImportResult) -> None:
        if result.ok:
            self._store(DONE, result.created + result.updated + result.unchanged, 0, created=result.created, updated=result.updated, unchanged=result.unchanged)
        else:
            self._store(ERRORS, 0, 0, errors=[error.as_dict() for error in result.errors[:PROGRESS_ERRORS_KEPT]], error_count=len(result.errors))


def _percent(value: dict[str, Any]) -> int:
    """One bar for the whole import: reading 5 %, checking up to 60 %, writing up to 99 %, then 100 %."""
    phase, done, total = value["phase"], value.get("done", 0), value.get("total", 0)
    share = done / total if total else 0
    if phase == READING:
        return 5
    if phase == CHECKING:
        return 5 + int(55 * share)
    if phase == WRITING:
        return 60 + int(39 * share)
    return 100 if phase in (DONE, ERRORS) else 0


def _progress_message(value: dict[str, Any]) -> str:
    phase = value["phase"]
    numbers = {"done": number_display(value.get("done", 0)), "total": number_display(value.get("total", 0))}
    if phase == READING:
        return _("Reading the file…")
    if phase == CHECKING:
        return _("Checking row %(done)s of %(total)s…") % numbers
    if phase == WRITING:
        return _("Writing %(done)s of %(total)s rows…") % numbers
    if phase == DONE:
        return _("Done: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            name: number_display(value.get(name, 0)) for name in ("created", "updated", "unchanged")
        }
    if phase == ERRORS:
        count = value.get("error_count", 0)
        return ngettext("Nothing was written: %(n)s problem to correct.", "Nothing was written: %(n)s problems to correct.", count) % {"n": number_display(count)}
    return _("Waiting for the file…")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(record_type: RecordType, what: str) -> str:
    return f"{slugify(record_type.api_path)}-{what}.xlsx"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def _run_import(record_type: RecordType, user: Any, upload: Any, token: Any = None) -> ImportResult:
    sheet = sheet_for(record_type)
    if sheet is None:
        raise Http404
    progress = ImportProgress.claim(token, user=user, record_type=record_type) if token else None
    result = ImportResult()
    try:
        if upload.size > MAX_UPLOAD:
            result.errors.append(RowError(row=0, column="", header="", message=_("The file is larger than 50 MB.")))
        else:
            result = import_workbook(sheet=sheet, actor=user, upload=upload, progress=progress.report if progress else None)
    except ValidationError as error:
        result.errors.append(RowError(row=0, column="", header="", message=" ".join(error.messages)))
    except BaseException:
        if progress is not None:
            result.errors.append(RowError(row=0, column="", header="", message=_("The import stopped: nothing was written.")))
            progress.finish(result)
        raise
    if progress is not None:
        progress.finish(result)
    return result


class TemplateView(RecordAccessMixin, View):
    record_type: RecordType

    def get(self, request: HttpRequest) -> HttpResponse:
        sheet = sheet_for(self.record_type)
        if sheet is None:
            raise Http404
        return _xlsx(template_workbook(sheet), _file_name(self.record_type, "mau"))


class ImportView(RecordAccessMixin, View):
    """GET the upload form; POST a file: every error by row and column, or the counts written."""

    record_type: RecordType
    template_name = "core/record_import.html"

    def _context(self, request: HttpRequest, form: ImportForm, result: ImportResult | None) -> dict[str, Any]:
        rt = self.record_type
        sheet = sheet_for(rt)
        token = ImportProgress.reserve(user=request.user, record_type=rt).token
        return {
            "record_type": rt, "form": form, "result": result,
            "template_url": reverse(f"{rt.namespace}:{rt.url_name}_template"),
            "list_url": reverse(rt.url("list")),
            "headers": sheet.headers if sheet is not None else [],
            # A fresh token for the next import (the result partial swaps it into the form).
            "progress_token": token,
            "progress_url": reverse(f"{rt.namespace}:{rt.url_name}_import_progress", kwargs={"token": token}),
        }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and getattr(request.user, "sees_records", False) and not self.record_type.policy.can_create(request.user):
            raise PermissionDenied(_("Your role does not file this kind of record."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, ImportForm(), None))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        token = request.POST.get("progress")
        result = _run_import(self.record_type, request.user, form.files["file"], token) if form.is_valid() else None
        context = self._context(request, form, result)
        if getattr(request, "htmx", False):
            return render(request, "core/partials/_import_result.html", context)
        return render(request, self.template_name, context, status=200 if result is None or result.ok else 422)


class ImportProgressView(RecordAccessMixin, View):
    """GET the progress of one's own import as JSON (404 for a token that is not the user's)."""

    record_type: RecordType

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        shown = ImportProgress.read(token, user=request.user, record_type=self.record_type)
        if shown is None:
            raise Http404
        response = JsonResponse(shown)
        add_never_cache_headers(response)
        return response


class ExportView(RecordAccessMixin, View):
    """The list as filtered on its page (filters kept in the session), as XLSX; logged."""

    record_type: RecordType

    def get(self, request: HttpRequest) -> HttpResponse:
        rt = self.record_type
        data = QueryDict(request.session.get(f"list-filters:{reverse(rt.url('list'))}", ""))
        form = rt.filter_form(data or None, user=request.user)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        records = rt.list_for(user=request.user, **filters)
        for name in rt.m2m_fields:
            records = records.prefetch_related(name)
        access_log_append(actor=request.user, action=AccessAction.EXPORT, target=None, reason=rt.label)
        return _xlsx(export_workbook(record_type=rt, records=records.iterator(chunk_size=2000) if not rt.m2m_fields else records, user=request.user), _file_name(rt, f"{timezone.localdate():%Y%m%d}"))


def spreadsheet_urls(record_type: RecordType, prefix: str) -> list[URLPattern]:
    """`<url_name>_export` for every type; `_template` and `_import` for types with a `Sheet`."""
    name = record_type.url_name

    def configured(base: type[View]) -> Any:
        view: Any = type(f"{record_type.model.__name__}{base.__name__}", (base,), {"record_type": record_type})
        return view.as_view()

    patterns = [path(f"{prefix}export.xlsx", configured(ExportView), name=f"{name}_export")]
    if sheet_for(record_type) is not None:
        patterns += [
            path(f"{prefix}template.xlsx", configured(TemplateView), name=f"{name}_template"),
            path(f"{prefix}import/", configured(ImportView), name=f"{name}_import"),
            path(f"{prefix}import/progress/<str:token>/", configured(ImportProgressView), name=f"{name}_import_progress"),
        ]
    return patterns


def spreadsheet_routes(router: Router, record_type: RecordType) -> None:
    """`GET …/export.xlsx` (list filters), and for types with a `Sheet` `GET …/template.xlsx`, `POST …/import`."""
    from giapranh.core.kit_api import schemas_for
    from giapranh.core.schemas import require_records

    rt = record_type
    base = f"/{rt.api_path}"
    Filters = schemas_for(rt).Filters
    tags = [rt.api_tag] if rt.api_tag else None

    def export(request: HttpRequest, filters: Query[Filters]) -> HttpResponse:  # type: ignore[valid-type]
        require_records(request)
        from giapranh.core.kit_api import list_filter_values

        values = list_filter_values(rt, filters)
        records = rt.list_for(user=request.user, **values)
        access_log_append(actor=request.user, action=AccessAction.EXPORT, target=None, reason=rt.label)
        return _xlsx(export_workbook(record_type=rt, records=records, user=request.user), _file_name(rt, f"{dt.date.today():%Y%m%d}"))  # noqa: DTZ011

    router.get(f"{base}/export.xlsx", summary=f"Export the filtered list of {rt.verbose_name_plural} as XLSX", operation_id=f"{rt.operation}_export", tags=tags)(export)
    if sheet_for(rt) is None:
        return

    def template(request: HttpRequest) -> HttpResponse:
        require_records(request)
        return _xlsx(template_workbook(sheet_for(rt)), _file_name(rt, "mau"))  # type: ignore[arg-type]

    def do_import(request: HttpRequest, file: File[NinjaUploadedFile], progress: Form[str] = "") -> Status[dict[str, Any]]:
        require_records(request)
        result = _run_import(rt, request.user, file, progress)
        return Status(200 if result.ok else 422, result.as_dict())

    def progress_reserve(request: HttpRequest) -> Status[dict[str, Any]]:
        require_records(request)
        if not rt.policy.can_create(request.user):  # type: ignore[arg-type]  # require_records: signed in
            raise PermissionDenied(_("Your role does not file this kind of record."))
        return Status(201, {"token": ImportProgress.reserve(user=request.user, record_type=rt).token})

    def progress_read(request: HttpRequest, token: str) -> dict[str, Any]:
        require_records(request)
        shown = ImportProgress.read(token, user=request.user, record_type=rt)
        if shown is None:
            raise Http404
        return shown

    router.get(f"{base}/template.xlsx", summary=f"Empty XLSX template of {rt.verbose_name_plural}", operation_id=f"{rt.operation}_template", tags=tags)(template)
    router.post(
        f"{base}/import", response={200: dict, 422: dict}, operation_id=f"{rt.operation}_import", tags=tags,
        summary=f"Import {rt.verbose_name_plural} from XLSX: all rows or none",
        description="Every problem is reported with its row and column (`errors`: row, column letter, header, message in Vietnamese); nothing is written unless every row is valid. Rows matching an existing record by the type's natural key update it. "
        "`progress` (optional): a token from `POST …/import/progress`, to follow the import with `GET …/import/progress/{token}`.",
    )(do_import)
    router.post(
        f"{base}/import/progress", response={201: dict}, operation_id=f"{rt.operation}_import_progress_reserve", tags=tags,
        summary="Reserve a token to follow an import's progress (yours only)",
    )(progress_reserve)
    router.get(
        f"{base}/import/progress/{{token}}", response=dict, operation_id=f"{rt.operation}_import_progress", tags=tags,
        summary="An import's progress: phase (waiting, reading, checking, writing, done, errors), rows done of total, percent",
    )(progress_read)
