"""Form fields for numbers as Vietnamese officers type them: `15.000.000` and `21,7312`.

The dot groups thousands and the comma marks decimals (TCVN, and every
Vietnamese spreadsheet). Plain forms (`15000000`, `21.7312`) are accepted
too. What could be read two ways (`21.731`: a decimal or twenty-one
thousand?) is refused with an example, never guessed (STYLE.md, do 6).
The API takes JSON numbers and never comes here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_UNIT = re.compile(r"(đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 15.000.000
_GROUPED_DECIMAL = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")  # 21,7312
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")  # 21.7312 (plain form)
_PAIR = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[;/]\s*|,\s+|\s+)(-?\d+(?:[.,]\d+)?)\s*$")

WHOLE_EXAMPLE = "15.000.000"
DECIMAL_EXAMPLE = "21,7312"


class AmbiguousNumber(ValueError):
    """The text could be read as two different numbers, or as none."""


def parse_vn_number(text: str, *, whole: bool) -> Decimal:
    """The number a Vietnamese officer typed; AmbiguousNumber if it can be read two ways or not at all."""
    value = _UNIT.sub("", _SPACES.sub("", text or "")).strip()
    sign = ""
    if value.startswith(("-", "+")):
        sign, value = value[0].replace("+", ""), value[1:]
    if value.isdigit():
        plain = value
    elif _GROUPED.match(value):
        # One dot and three digits is a thousand in a whole number, but a decimal could mean 21.731 too.
        if not whole and value.count(".") == 1:
            raise AmbiguousNumber(value)
        plain = value.replace(".", "")
    elif not whole and _GROUPED_DECIMAL.match(value):
        plain = value.replace(".", "").replace(",", ".")
    elif not whole and _COMMA_DECIMAL.match(value):
        plain = value.replace(",", ".")
    elif not whole and _DOT_DECIMAL.match(value):
        plain = value
    else:
        raise AmbiguousNumber(value)
    try:
        return Decimal(sign + plain)
    except InvalidOperation as error:  # pragma: no cover - the patterns above only let digits through
        raise AmbiguousNumber(value) from error


def split_pair(text: str) -> tuple[str, str] | None:
    """`21.7312, 105.3821` (a pair pasted from a map) as its two numbers, else None."""
    match = _PAIR.match(text or "")
    return (match.group(1), match.group(2)) if match else None


def format_vn_number(value: Any) -> str:
    """A number written the Vietnamese way: `15.000.000`, `21,7312`."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


class _VietnameseNumber:
    """Shared parsing of the three number fields below."""

    whole: bool
    widget: type[forms.Widget] = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = {"inputmode": "numeric" if self.whole else "decimal", "autocomplete": "off"}
        attrs["placeholder"] = _("e.g. %(example)s") % {"example": WHOLE_EXAMPLE if self.whole else DECIMAL_EXAMPLE}
        return attrs

    def _parse(self, value: Any) -> Decimal | None:
        if value in self.empty_values:  # type: ignore[attr-defined]
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        try:
            return parse_vn_number(str(value), whole=self.whole)
        except AmbiguousNumber:
            if self.whole:
                message = _("Write a whole number with dots between thousands, e.g. %(example)s, or without dots: %(plain)s.")
                raise ValidationError(message, code="invalid", params={"example": WHOLE_EXAMPLE, "plain": "15000000"}) from None
            message = _("Write the decimals after a comma, e.g. %(example)s; dots only group thousands (1.234,5).")
            raise ValidationError(message, code="invalid", params={"example": DECIMAL_EXAMPLE}) from None

    def prepare_value(self, value: Any) -> Any:
        # What the officer typed is shown back as typed; a stored number the Vietnamese way.
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_vn_number(value)
        return value


class VietnameseIntegerField(_VietnameseNumber, forms.IntegerField):
    """A whole number: `15.000.000` or `15000000`."""

    whole = True

    def to_python(self, value: Any) -> int | None:
        number = self._parse(value)
        return None if number is None else int(number)


class VietnameseFloatField(_VietnameseNumber, forms.FloatField):
    """A decimal: `21,7312` or `21.7312`; `1.234,5` too."""

    whole = False

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]  # FloatField subclasses IntegerField
        number = self._parse(value)
        return None if number is None else float(number)

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class VietnameseDecimalField(_VietnameseNumber, forms.DecimalField):
    """A decimal kept exact (DecimalField)."""

    whole = False

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # DecimalField subclasses IntegerField
        return self._parse(value)

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


NUMBER_FIELDS: dict[type[forms.Field], type[forms.Field]] = {
    forms.IntegerField: VietnameseIntegerField,
    forms.FloatField: VietnameseFloatField,
    forms.DecimalField: VietnameseDecimalField,
}


def vietnamese_number_field(field: forms.Field) -> forms.Field:
    """The Vietnamese-typing twin of a default number form field, with its label, help, bounds and validators."""
    twin_class = NUMBER_FIELDS.get(type(field))
    if twin_class is None:
        return field
    twin = twin_class(required=field.required, label=field.label, help_text=field.help_text, initial=field.initial, disabled=field.disabled)
    twin.validators = list(field.validators)
    twin.error_messages.update({k: v for k, v in field.error_messages.items() if k not in ("invalid",)})
    return twin


# --- dates and times ---------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DATE_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")  # 12031985, 120385
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:hg.](\d{2})?|(\d{2}))?(?::(\d{2}))?$", re.IGNORECASE)  # 23:30, 23h30, 23h, 2330
DATE_EXAMPLE = "15/03/2026"
DATETIME_EXAMPLE = "15/03/2026 23:30"


def _year(text: str, *, today: dt.date) -> int:
    """A four-digit year; a two-digit one only when a single reading is not in the future (85 → 1985)."""
    if len(text) == 4:
        return int(text)
    recent, older = 2000 + int(text), 1900 + int(text)
    if recent > today.year:
        return older
    raise AmbiguousNumber(text)  # 12/3/24: 1924 or 2024?


def parse_vn_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """`12/3/1985`, `12/3/85`, `12031985`, `12-03-1985` or ISO `1985-03-12`; AmbiguousNumber otherwise."""
    today = today or dt.date.today()  # noqa: DTZ011  # only the current year matters
    value = (text or "").strip()
    if match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DATE.match(value) or _DATE_DIGITS.match(value)
        if match is None:
            raise AmbiguousNumber(value)
        day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3), today=today)
    try:
        return dt.date(year, month, day)
    except ValueError as error:  # 31/02
        raise AmbiguousNumber(value) from error


def parse_vn_time(text: str) -> dt.time:
    """`23:30`, `23h30`, `23h`, `2330`; AmbiguousNumber otherwise."""
    match = _TIME.match((text or "").strip())
    if match is None:
        raise AmbiguousNumber(text)
    hour, minute, second = int(match.group(1)), int(match.group(2) or match.group(3) or 0), int(match.group(4) or 0)
    if len(match.group(1)) == 1 and match.group(3):  # 930 could be 9:30 or 93:0 — ask
        raise AmbiguousNumber(text)
    try:
        return dt.time(hour, minute, second)
    except ValueError as error:
        raise AmbiguousNumber(text) from error


class VietnameseDateField(forms.DateField):
    """A date as officers type it: `12/3/1985`, `12/3/85`, `12031985`."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # The full keyboard: phones' number pads have no `/` (digits alone, 12031985, work too).
        return {**super().widget_attrs(widget), "inputmode": "text", "autocomplete": "off"}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_vn_date(str(value))
        except AmbiguousNumber:
            raise ValidationError(
                _("Enter the date as dd/mm/yyyy, e.g. %(example)s."), code="invalid", params={"example": DATE_EXAMPLE},
            ) from None


class VietnameseDateTimeField(forms.DateTimeField):
    """A date and time: `15/03/2026 23:30`, `15/03/2026 23h30`, `15032026 2330`."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "text", "autocomplete": "off"}

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return from_current_timezone(value)
        if isinstance(value, dt.date):
            return from_current_timezone(dt.datetime.combine(value, dt.time.min))
        text = str(value).strip().replace("T", " ")
        date_text, _space, time_text = text.partition(" ")
        try:
            day = parse_vn_date(date_text)
            moment = parse_vn_time(time_text) if time_text.strip() else dt.time.min
        except AmbiguousNumber:
            raise ValidationError(
                _("Enter the date and time as dd/mm/yyyy hh:mm, e.g. %(example)s."), code="invalid", params={"example": DATETIME_EXAMPLE},
            ) from None
        return from_current_timezone(dt.datetime.combine(day, moment))


def vietnamese_date_field(field: forms.Field) -> forms.Field:
    """The Vietnamese-typing twin of a default date or date-time form field."""
    twins: dict[type[forms.Field], type[forms.Field]] = {forms.DateField: VietnameseDateField, forms.DateTimeField: VietnameseDateTimeField}
    twin_class = twins.get(type(field))
    if twin_class is None:
        return field
    twin = twin_class(required=field.required, label=field.label, help_text=field.help_text, initial=field.initial, disabled=field.disabled, widget=field.widget)
    twin.validators = list(field.validators)
    return twin
