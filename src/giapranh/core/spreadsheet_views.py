"""Pages and API of the Excel import and export (`core.spreadsheets`) of a declared record type.

`spreadsheet_urls(record_type, prefix)` gives the template download, the import
page and the export of the filtered list (the filters kept in the session by the
list page); `spreadsheet_routes(router, record_type)` the same over the API.

Progress for large files: the import page posts the file with HTMX and shows the
upload's progress bar (`htmx:xhr:progress`), then "checking and writing" while the
server works. The server side runs in the request, in one transaction: 100,000
rows take seconds (bench/import.py), so no background worker, job table or
polling is needed, and there is no half-finished import to look after.
"""


import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile as NinjaUploadedFile

from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.kit import RecordType
from giapranh.core.spreadsheets import (
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


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(record_type: RecordType, what: str) -> str:
    return f"{slugify(record_type.api_path)}-{what}.xlsx"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def _run_import(record_type: RecordType, user: Any, upload: Any) -> ImportResult:
    sheet = sheet_for(record_type)
    if sheet is None:
        raise Http404
    if upload.size > MAX_UPLOAD:
        result = ImportResult()
        result.errors.append(RowError(row=0, column="", header="", message=_("The file is larger than 50 MB.")))
        return result
    try:
        return import_workbook(sheet=sheet, actor=user, upload=upload)
    except ValidationError as error:
        result = ImportResult()
        result.errors.append(RowError(row=0, column="", header="", message=" ".join(error.messages)))
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
        return {
            "record_type": rt, "form": form, "result": result,
            "template_url": reverse(f"{rt.namespace}:{rt.url_name}_template"),
            "list_url": reverse(rt.url("list")),
            "headers": sheet.headers if sheet is not None else [],
        }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and getattr(request.user, "sees_records", False) and not self.record_type.policy.can_create(request.user):
            raise PermissionDenied(_("Your role does not file this kind of record."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, ImportForm(), None))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        result = _run_import(self.record_type, request.user, form.files["file"]) if form.is_valid() else None
        context = self._context(request, form, result)
        if getattr(request, "htmx", False):
            return render(request, "core/partials/_import_result.html", context)
        return render(request, self.template_name, context, status=200 if result is None or result.ok else 422)


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
        return _xlsx(export_workbook(record_type=rt, records=records.iterator(chunk_size=2000) if not rt.m2m_fields else records), _file_name(rt, f"{timezone.localdate():%Y%m%d}"))


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
        return _xlsx(export_workbook(record_type=rt, records=records), _file_name(rt, f"{dt.date.today():%Y%m%d}"))  # noqa: DTZ011

    router.get(f"{base}/export.xlsx", summary=f"Export the filtered list of {rt.verbose_name_plural} as XLSX", operation_id=f"{rt.operation}_export", tags=tags)(export)
    if sheet_for(rt) is None:
        return

    def template(request: HttpRequest) -> HttpResponse:
        require_records(request)
        return _xlsx(template_workbook(sheet_for(rt)), _file_name(rt, "mau"))  # type: ignore[arg-type]

    def do_import(request: HttpRequest, file: File[NinjaUploadedFile]) -> Status[dict[str, Any]]:
        require_records(request)
        result = _run_import(rt, request.user, file)
        return Status(200 if result.ok else 422, result.as_dict())

    router.get(f"{base}/template.xlsx", summary=f"Empty XLSX template of {rt.verbose_name_plural}", operation_id=f"{rt.operation}_template", tags=tags)(template)
    router.post(
        f"{base}/import", response={200: dict, 422: dict}, operation_id=f"{rt.operation}_import", tags=tags,
        summary=f"Import {rt.verbose_name_plural} from XLSX: all rows or none",
        description="Every problem is reported with its row and column (`errors`: row, column letter, header, message in Vietnamese); nothing is written unless every row is valid. Rows matching an existing record by the type's natural key update it.",
    )(do_import)
