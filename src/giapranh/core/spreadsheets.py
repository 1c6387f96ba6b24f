"""Excel import and export of any declared record type, driven by its kit declaration.

A type opts in with a `Sheet`: its columns (model field + Vietnamese header, and
for a relation how a cell names the related object) and its natural key (the
fields that identify a row, so that importing the same file twice updates rather
than duplicates). Everything else comes from the model fields: required-ness,
lengths, number ranges, dates, and fixed values (choices), which the template
offers as drop-down lists.

Import reads the whole file, checks every row and reports each problem with its
row number and column (letter and header); it writes only when every row is
valid, in one transaction, in batches (`bulk_create_with_history`), so that
100,000 rows import in seconds and an interruption leaves nothing half-written.
Records get the importer's agency and their commune for their date, like a form.

An import reports its progress to an optional `progress(phase, done, total)`:
`reading` (0 of 0), `checking` (row N of M, every `PROGRESS_EVERY` rows),
`writing` (N of M new or changed records, every batch). The caller keeps it
where other processes can read it (`core.spreadsheet_views.ImportProgress`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from giapranh.core.kit import RecordType
from giapranh.core.text import UncleanText, clean_text, fold

BATCH = 2000
# Progress is reported every this many rows checked (and after every batch written).
PROGRESS_EVERY = 500
MAX_ROWS = 200_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

READING, CHECKING, WRITING = "reading", "checking", "writing"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: the model field it fills and its (Vietnamese) header.

    `lookup(actor=, text=)` turns a cell into a related object (None: not found);
    `show(obj)` the other way, for export. Plain fields need neither.
    """

    field: str
    header: str
    lookup: Callable[..., Any] | None = None
    show: Callable[[Any], Any] | None = None


@dataclass(eq=False)
class Sheet:
    """The spreadsheet form of a record type: columns in order and the natural key."""

    record_type: RecordType
    columns: tuple[Column, ...]
    # Fields identifying a row among the importer's agency's records (e.g. commune, village, name).
    key: tuple[str, ...]
    title: str = ""

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    header: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "header": self.header, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }


_SHEETS: dict[str, Sheet] = {}


def register_sheet(sheet: Sheet) -> Sheet:
    """Let a record type be imported and exported (once, by its app, next to its declaration)."""
    _SHEETS[sheet.record_type.label] = sheet
    return sheet


def sheet_for(record_type: RecordType) -> Sheet | None:
    return _SHEETS.get(record_type.label)


# --- cells ----------------------------------------------------------------------------------------


def _choice_labels(model_field: models.Field) -> list[str]:
    with translation.override("vi"):
        return [str(label) for _value, label in model_field.flatchoices]


def _choice_map(model_field: models.Field) -> dict[str, str]:
    """Folded Vietnamese label, English label and stored value → stored value."""
    found: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in model_field.flatchoices:
                found[str(label)] = found[fold(str(label))] = value
                found[fold(str(value))] = value
    return found


class CellError(Exception):
    pass


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
        if day.year < 1900:
            break
        return day
    raise CellError(_("Write a date as dd/mm/yyyy."))


def _parse_int(value: Any, model_field: models.Field) -> int:
    if isinstance(value, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(",", "")
        if not text.lstrip("-").isdigit():
            raise CellError(_("Write a whole number."))
        value = int(text)
    if not isinstance(value, int):
        raise CellError(_("Write a whole number."))
    positive = isinstance(model_field, models.PositiveIntegerField | models.PositiveSmallIntegerField | models.PositiveBigIntegerField)
    if positive and value < 0:
        raise CellError(_("Write a number of 0 or more."))
    if value > 2**31 - 1:
        raise CellError(_("The number is too large."))
    return value


class _Parser:
    """Turns the cells of one column into field values (prepared once per import)."""

    def __init__(self, sheet: Sheet, column: Column, actor: Any) -> None:
        self.column = column
        self.actor = actor
        self.field = sheet.record_type.model_field(column.field)
        self.required = not (self.field.blank or self.field.null or self.field.has_default())
        self.choices = _choice_map(self.field) if self.field.choices else None
        self.cache: dict[str, Any] = {}

    def empty(self) -> Any:
        if self.field.has_default():
            return self.field.get_default()
        if self.field.null:
            return None
        return ""

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = clean_text(value, multiline=isinstance(self.field, models.TextField))
            except UncleanText:
                raise CellError(_("Remove the control characters from this text.")) from None
        if value is None or value == "":
            if self.required:
                raise CellError(_("This column is required."))
            return self.empty()
        if self.column.lookup is not None:
            text = str(value).strip()
            if text not in self.cache:
                self.cache[text] = self.column.lookup(actor=self.actor, text=text)
            if self.cache[text] is None:
                raise CellError(_("“%(value)s” is not in the list.") % {"value": text[:60]})
            return self.cache[text]
        if self.choices is not None:
            found = self.choices.get(value) if isinstance(value, str) else None
            if found is None:
                found = self.choices.get(fold(str(value)))
            if found is None:
                raise CellError(_("Choose a value from the drop-down list."))
            return found
        if isinstance(self.field, models.DateField):
            return _parse_date(value)
        if isinstance(self.field, models.IntegerField):
            return _parse_int(value, self.field)
        if isinstance(self.field, models.BooleanField):
            return fold(str(value)) in ("co", "x", "1", "true", "yes")
        text = str(value).strip()
        if self.field.max_length and len(text) > self.field.max_length:
            raise CellError(_("At most %(n)s characters.") % {"n": self.field.max_length})
        return text


def _key_value(value: Any) -> Any:
    """A natural-key part: related objects by id, text without regard to case (cells are already NFC, spaces collapsed)."""
    if isinstance(value, models.Model):
        return value.pk
    return value.casefold() if isinstance(value, str) else value


# --- template and export -------------------------------------------------------------------------


def _header_row(sheet_obj: Any, headers: list[str]) -> None:
    sheet_obj.append(headers)
    for index, header in enumerate(headers, start=1):
        sheet_obj.cell(row=1, column=index).font = Font(bold=True)
        sheet_obj.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 4)
    sheet_obj.freeze_panes = "A2"


def template_workbook(sheet: Sheet) -> bytes:
    """An empty workbook with the Vietnamese headers and drop-down lists for the columns with fixed values."""
    book = Workbook()
    data = book.active
    data.title = (sheet.title or "Du lieu")[:31]
    _header_row(data, sheet.headers)
    lists = book.create_sheet("Danh muc")
    lists.sheet_state = "hidden"
    list_column = 0
    for index, column in enumerate(sheet.columns, start=1):
        model_field = sheet.record_type.model_field(column.field)
        letter = get_column_letter(index)
        if model_field.choices:
            list_column += 1
            labels = _choice_labels(model_field)
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header)
            for offset, label in enumerate(labels, start=2):
                lists.cell(row=offset, column=list_column, value=label)
            source = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(labels) + 1}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
            validation.error = "Chọn một giá trị trong danh sách."
            validation.errorTitle = column.header
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        elif isinstance(model_field, models.DateField):
            # A column style, not formatted empty cells (which would push rows appended by a program down).
            data.column_dimensions[letter].number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _export_value(record: Any, record_type: RecordType, column: Column, user: Any, visible: dict[tuple[Any, Any], bool]) -> Any:
    computed = record_type.computed_columns.get(column.field)
    if computed is not None:
        return computed[1](record, user=user)
    model_field = record_type.model_field(column.field)
    if column.show is not None:
        return column.show(record)
    if model_field.many_to_many:
        return ", ".join(str(item) for item in getattr(record, column.field).all())
    value = getattr(record, column.field)
    if value is None:
        return None
    if model_field.choices:
        return str(getattr(record, f"get_{column.field}_display")())
    if isinstance(value, models.Model):
        return _linked_name(value, user, visible)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _linked_name(value: models.Model, user: Any, visible: dict[tuple[Any, Any], bool]) -> str:
    """A linked record by name only if the reader may see it (as on the page, core.history); reference data as is."""
    from giapranh.core.history import HIDDEN_RECORD

    model = type(value)
    manager: Any = model._default_manager
    if not hasattr(manager, "visible_to"):
        return str(value)
    key = (model, value.pk)
    if key not in visible:
        visible[key] = manager.visible_to(user).filter(pk=value.pk).exists()
    return str(value) if visible[key] else str(getattr(model, "hidden_label", HIDDEN_RECORD))


def export_columns(record_type: RecordType) -> tuple[Column, ...]:
    """The sheet's columns if the type has one, else its list columns under their verbose names."""
    sheet = sheet_for(record_type)
    if sheet is not None:
        return sheet.columns
    with translation.override("vi"):
        return tuple(
            Column(name, str(record_type.computed_columns[name][0] if name in record_type.computed_columns else record_type.model_field(name).verbose_name).capitalize())
            for name in record_type.list_columns
        )


def export_workbook(*, record_type: RecordType, records: Iterable[Any], user: Any) -> bytes:
    """The records (already filtered through the access rule by the caller) as an XLSX, one row each; linked records named as `user` may see them."""
    columns = export_columns(record_type)
    book = Workbook(write_only=True)
    data = book.create_sheet(str(record_type.verbose_name_plural)[:31] or "Du lieu")
    data.append([column.header for column in columns])
    visible: dict[tuple[Any, Any], bool] = {}
    with translation.override("vi"):
        for record in records:
            data.append([_export_value(record, record_type, column, user, visible) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- import --------------------------------------------------------------------------------------


def _error(errors: list[RowError], row: int, index: int | None, sheet: Sheet, message: Any) -> None:
    if index is None:
        errors.append(RowError(row=row, column="", header="", message=str(message)))
    else:
        errors.append(RowError(row=row, column=get_column_letter(index + 1), header=sheet.columns[index].header, message=str(message)))


def _rows(upload: IO[bytes]) -> tuple[Iterable[list[Any]], int]:
    """The first sheet's rows (empty cells as "") and how many there are, read by calamine: some twenty times faster than openpyxl."""
    not_xlsx = ValidationError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(upload) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise not_xlsx
        upload.seek(0)
        book = CalamineWorkbook.from_filelike(upload)
        data = book.get_sheet_by_index(0)
        return data.iter_rows(), data.height
    except (zipfile.BadZipFile, CalamineError, OSError, ValueError, IndexError) as exc:
        raise not_xlsx from exc


def _commune_picker(actor: Any) -> Callable[[dt.date | None], Any]:
    """The actor's commune listed on a day (legacy or reformed), as a form would pick it; one query per import."""
    from giapranh.core.access import equivalent_unit_ids
    from giapranh.core.selectors import communes_for_records

    own = equivalent_unit_ids({actor.agency.jurisdiction_id})
    candidates = list(communes_for_records(user=actor).filter(id__in=own))
    cache: dict[dt.date | None, Any] = {}

    def pick(day: dt.date | None) -> Any:
        if day not in cache:
            cache[day] = next((unit for unit in candidates if day is not None and unit.is_valid_on(day)), None)
        return cache[day]

    return pick


def import_workbook(*, sheet: Sheet, actor: Any, upload: IO[bytes], progress: Progress | None = None) -> ImportResult:
    """Check every row of an uploaded XLSX; write all of them (one transaction) or none.

    A row whose natural key matches one of the agency's records updates it (or
    leaves it unchanged); two rows with the same key in one file are an error.
    """
    record_type = sheet.record_type
    model = record_type.model
    if not record_type.policy.can_create(actor):
        raise PermissionDenied(_("Your role does not file this kind of record."))
    result = ImportResult()
    errors = result.errors
    report: Progress = progress or (lambda phase, done, total: None)
    report(READING, 0, 0)
    cells_of, height = _rows(upload)
    rows = iter(cells_of)
    total_rows = max(height - 1, 0)
    header = next(rows, None)
    expected = sheet.headers
    if header is None or not any(cell not in (None, "") for cell in header):
        _error(errors, 1, None, sheet, _("The file is empty: the first row must hold the column headers of the template."))
        return result
    found = [str(cell).strip() if cell is not None else "" for cell in header]
    while found and not found[-1]:
        found.pop()
    if [fold(h) for h in found] != [fold(h) for h in expected]:
        missing = [h for h in expected if fold(h) not in {fold(f) for f in found}]
        extra = [f for f in found if f and fold(f) not in {fold(h) for h in expected}]
        message = _("The columns do not match the template.")
        if missing:
            message += " " + _("Missing: %(names)s.") % {"names": ", ".join(missing)}
        if extra:
            message += " " + _("Unexpected: %(names)s.") % {"names": ", ".join(extra)}
        if not missing and not extra:
            message += " " + _("Keep the template's column order: %(names)s.") % {"names": ", ".join(expected)}
        _error(errors, 1, None, sheet, message)
        return result
    parsers = [_Parser(sheet, column, actor) for column in sheet.columns]
    has_commune = "commune" in record_type.fields and "commune" not in {c.field for c in sheet.columns}
    pick_commune = _commune_picker(actor) if has_commune else None
    agency = actor.agency
    parsed: list[tuple[dict[str, Any], Any, tuple[Any, ...]]] = []
    seen: dict[tuple[Any, ...], int] = {}
    width = len(parsers)
    report(CHECKING, 0, total_rows)
    for number, cells in enumerate(rows, start=2):
        if number > 2 and (number - 2) % PROGRESS_EVERY == 0:
            report(CHECKING, number - 2, total_rows)
        if number - 1 > MAX_ROWS:
            _error(errors, number, None, sheet, _("At most %(n)s rows per file.") % {"n": MAX_ROWS})
            break
        cells = [*cells[:width], *([None] * (width - len(cells)))]
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        values: dict[str, Any] = {}
        row_ok = True
        for index, (parser, cell) in enumerate(zip(parsers, cells, strict=True)):
            try:
                values[parser.column.field] = parser(cell)
            except CellError as problem:
                _error(errors, number, index, sheet, problem)
                row_ok = False
        if not row_ok:
            continue
        if pick_commune is not None:
            commune = pick_commune(values.get(record_type.date_field))
            if commune is None:
                _error(errors, number, _column_index(sheet, record_type.date_field), sheet, _("Your agency had no commune listed on this date."))
                continue
            values["commune"] = commune
        record = model(owner_agency=agency, **values)
        try:
            record.clean()
        except ValidationError as problem:
            for name, problems in problem.update_error_dict({}).items():
                for text in problems:
                    _error(errors, number, _column_index(sheet, name), sheet, text)
            continue
        key = tuple(_key_value(values.get(name)) for name in sheet.key)
        if key in seen:
            _error(errors, number, _column_index(sheet, sheet.key[-1]), sheet, _("The same row as row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        parsed.append((values, record, key))
    report(CHECKING, total_rows, total_rows)
    if errors:
        return result
    if not parsed:
        _error(errors, 2, None, sheet, _("The file has no rows to import below the headers."))
        return result
    _write(sheet, actor, parsed, result, report)
    return result


def _prepared(model_field: Any, value: Any, connection: Any) -> Any:
    # Text, numbers and nulls go to the driver as they are; dates, times and UUIDs as the backend stores them.
    if value is None or type(value) in (str, int, bool):
        return value
    return model_field.get_db_prep_save(value, connection)


def _insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT rows (attname → value) with one statement run many times: the ORM compiles SQL per row, most of an import's time."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model's own metadata)
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields)),
    )
    # Dates and timestamps repeat (a batch's creation time, common founding dates): each is converted once.
    seen: dict[tuple[str, Any], Any] = {}

    def prepared(model_field: Any, value: Any) -> Any:
        if value is None or type(value) in (str, int, bool):
            return value
        key = (model_field.attname, value)
        if key not in seen:
            seen[key] = _prepared(model_field, value, connection)
        return seen[key]

    params = [[prepared(f, row[f.attname] if f.attname in row else f.get_default()) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, params)
            return
        # PostgreSQL: COPY, which streams the rows in one statement (executemany pays a round of work per row).
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)


def _insert_batch(model: Any, records: list[Any], *, actor: Any) -> None:
    """Insert new records and their "created" history rows (what `bulk_create_with_history` does, without the per-row SQL)."""
    if "public_id" not in {f.name for f in model._meta.concrete_fields} or not hasattr(model, "history"):
        bulk_create_with_history(records, model, batch_size=BATCH, default_user=actor, default_change_reason="import")
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    for record in records:
        for name in stamped:
            setattr(record, name, now)
    rows = [{f.attname: getattr(record, f.attname) if f.attname in stamped else f.pre_save(record, True) for f in fields} for record in records]
    _insert_rows(model, rows)
    ids = dict(model.objects.filter(public_id__in=[r.public_id for r in records]).values_list("public_id", "pk"))
    historical = model.history.model
    tracked = [f.attname for f in historical.tracked_fields]
    history = []
    for record, row in zip(records, rows, strict=True):
        record.pk = ids[record.public_id]
        values = {**row, model._meta.pk.attname: record.pk}
        history.append({
            **{name: values[name] for name in tracked}, "history_date": now, "history_type": "+",
            "history_user_id": getattr(actor, "pk", None), "history_change_reason": "import",
        })
    _insert_rows(historical, history)


def _same(record: Any, name: str, value: Any) -> bool:
    """Whether a column already holds `value` (relations compared by id, without a query)."""
    stored = getattr(record, record._meta.get_field(name).attname)
    return bool(stored == (value.pk if isinstance(value, models.Model) else value))


def _column_index(sheet: Sheet, name: str) -> int | None:
    return next((i for i, column in enumerate(sheet.columns) if column.field == name), None)


@transaction.atomic
def _write(sheet: Sheet, actor: Any, parsed: list[tuple[dict[str, Any], Any, tuple[Any, ...]]], result: ImportResult, report: Progress) -> None:
    """Create new rows and update changed ones, in batches, all in one transaction."""
    from giapranh.core.services import record_number_next

    record_type = sheet.record_type
    model: Any = record_type.model
    key_columns = [f"{name}_id" if record_type.model_field(name).is_relation else name for name in sheet.key]
    fields = [c.field for c in sheet.columns] + (["commune"] if "commune" not in {c.field for c in sheet.columns} and "commune" in record_type.fields else [])
    existing = {
        tuple(_key_value(getattr(obj, name)) for name in key_columns): obj
        for obj in model.objects.filter(owner_agency=actor.agency)
    }
    searchable = hasattr(model, "build_search_key")
    now = timezone.now()
    new: list[Any] = []
    changed: list[Any] = []
    for values, fresh, key in parsed:
        record: Any = existing.get(key)
        if record is None:
            record = fresh
            if record_type.number is not None:
                day = record_type.record_day(record)
                record.number = record_number_next(agency=actor.agency, kind=record_type.number.kind, year=day.year if day else 0, infix=record_type.number.infix)
            if searchable:
                record.search_key = record.build_search_key()
            new.append(record)
            continue
        if all(_same(record, name, value) for name, value in values.items()):
            result.unchanged += 1
            continue
        for name, value in values.items():
            setattr(record, name, value)
        record.updated_at = now
        if searchable:
            record.search_key = record.build_search_key()
        changed.append(record)
    total = len(new) + len(changed)
    report(WRITING, 0, total)
    for start in range(0, len(new), BATCH):
        _insert_batch(model, new[start:start + BATCH], actor=actor)
        report(WRITING, min(start + BATCH, len(new)), total)
    if changed:
        update_fields = [*fields, "updated_at", *(["search_key"] if searchable else [])]
        for start in range(0, len(changed), BATCH):
            bulk_update_with_history(changed[start:start + BATCH], model, update_fields, batch_size=BATCH, default_user=actor, default_change_reason="import")
            report(WRITING, len(new) + min(start + BATCH, len(changed)), total)
    result.created = len(new)
    result.updated = len(changed)
