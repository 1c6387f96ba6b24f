from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giapranh.core.countries import CountryField
from giapranh.core.models import ScopedRecord
from giapranh.core.text import fold
from giapranh.people.choices import (
    MEASURES_IN_FACILITY,
    ExitStatus,
    Gender,
    MatchStatus,
    MeasureKind,
    SupervisionStatus,
    VisitPurpose,
)

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
# CCCD (căn cước công dân) has 12 digits; the old CMND (chứng minh nhân dân) 9.
CITIZEN_ID = re.compile(r"^([0-9]{12}|[0-9]{9})$")
PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
EARLIEST_BIRTH_YEAR = 1900


def normalize_id_number(value: str | None) -> str:
    """Officers copy ID numbers with spaces or dots (`0010 8001 2345`): keep the characters only.

    Digits typed on a full-width or Arabic-Indic keyboard layout become ASCII digits.
    """
    text = "".join((value or "").split()).replace(".", "")
    return "".join(str(unicodedata.digit(ch)) if not ch.isascii() and unicodedata.digit(ch, None) is not None else ch for ch in text)


# Words of a name as the matcher splits them (`people.matching`): letters and digits, any script.
_NAME_WORDS = re.compile(r"[\W_]+")


def name_keys(full_name: str) -> tuple[str, str]:
    """The folded family and given names (first and last syllables): the matcher's blocking key."""
    syllables = [fold(word)[:40] for word in _NAME_WORDS.split((full_name or "").lower()) if word]
    return (syllables[0], syllables[-1]) if syllables else ("", "")


def normalize_passport(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def normalize_country(value: str | None) -> str:
    return (value or "").strip().upper()


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """Persons recorded by the user's agency subtree, or linked from a record the user sees."""
        from giapranh.people.links import persons_visible_q

        return self.filter(persons_visible_q(user))

    def bulk_create(self, objs: Iterable[Person], *args: Any, **kwargs: Any) -> list[Person]:  # type: ignore[override]
        """Bulk loads (demo, benchmarks, imports) get the blocking keys `save()` would set."""
        persons = list(objs)
        for person in persons:
            person.set_name_keys()
        return list(super().bulk_create(persons, *args, **kwargs))  # type: ignore[arg-type]


class Person(models.Model):
    """A person known to a commune police: a suspect, victim, witness, supervised person or visitor.

    Only what the records need is collected. Visibility: the agency that recorded
    the person (and its superiors), and whoever may see a record the person is part of
    (`people.links`).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    other_names = models.CharField(_("other names"), max_length=200, blank=True, help_text=_("Aliases, nicknames; separate with commas."))
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    id_number = models.CharField(
        _("citizen ID number"), max_length=12, blank=True, db_index=True,
        help_text=_("12-digit citizen ID (CCCD) or 9-digit old ID card (CMND)."),
    )
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    nationality = CountryField(_("nationality"), max_length=2, default="VN", help_text=_("ISO country code, e.g. VN, CN, LA."))
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    home_commune = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("home commune"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": "commune"},
    )
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Village (thôn), hamlet, house number."))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    search_key = models.CharField(max_length=330, db_index=True, editable=False, default="")
    # Folded family and given names (`name_keys`), set on every save: the same-person check's block
    # (given, family, year) is one range of `person_given_family_year`.
    family_key = models.CharField(max_length=40, editable=False, default="")
    given_key = models.CharField(max_length=40, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["search_key", "id"]
        indexes = [
            models.Index(fields=["given_key", "family_key", "birth_year", "owner_agency"], name="person_given_family_year"),
        ]

    def __str__(self) -> str:
        year = self.birth_date.year if self.birth_date else self.birth_year
        return f"{self.full_name} ({year})" if year else self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "family_key", "given_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.id_number and not CITIZEN_ID.match(self.id_number):
            if not (self.id_number.isascii() and self.id_number.isdigit()):
                errors["id_number"] = _("Citizen ID may contain digits only.")
            else:
                errors["id_number"] = _("Citizen ID must have 12 digits (CCCD) or 9 digits (old CMND).")
        if not COUNTRY_CODE.match(self.nationality or ""):
            errors["nationality"] = _("Nationality must be a two-letter country code, e.g. VN, CN, LA.")
        # A Vietnamese citizen's passport is recorded too: it matters for illegal exits.
        elif self.nationality != "VN" and self.id_number:
            errors["id_number"] = _("Foreign nationals have no Vietnamese citizen ID; record their passport number.")
        if self.passport_number and "passport_number" not in errors and not PASSPORT.match(self.passport_number):
            errors["passport_number"] = _("Passport number: 5 to 20 letters and digits, without spaces.")
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = _("Date of birth cannot be in the future.")
        if self.birth_year is not None and not EARLIEST_BIRTH_YEAR <= self.birth_year <= today.year:
            errors["birth_year"] = _("Year of birth must be between %(first)s and %(last)s.") % {
                "first": EARLIEST_BIRTH_YEAR, "last": today.year,
            }
        if self.birth_date and self.birth_year and self.birth_date.year != self.birth_year:
            errors["birth_year"] = _("Year of birth %(year)s does not match the date of birth.") % {"year": self.birth_year}
        if errors:
            raise ValidationError(errors)


    def set_name_keys(self) -> None:
        self.family_key, self.given_key = name_keys(self.full_name)

    def build_search_key(self) -> str:
        return fold(" ".join(filter(None, [self.full_name, self.other_names.replace(",", " ")])))[:330]

    @property
    def is_foreign(self) -> bool:
        return self.nationality.upper() != "VN"


class NameToken(models.Model):
    """The vocabulary of folded name syllables (`nguyen`, `van`, `duc` …).

    Small (Vietnamese names use a few thousand syllables), append-only and
    cached per process by `people.search`: its highest id and row count tell a
    process when a new syllable has appeared.
    """

    token = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("name syllable")
        verbose_name_plural = _("name syllables")

    def __str__(self) -> str:
        return self.token


class PersonNameToken(models.Model):
    """One folded syllable of a person's names: the index behind the person search.

    The person's owner agency is copied here (it never changes) so that "persons
    of my agency with this syllable" is one range of the (agency, token) index:
    a commune officer's search stays small however many persons the country holds.
    """

    pk = models.CompositePrimaryKey("token", "person")
    token = models.CharField(max_length=40)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [
            models.Index(fields=["person", "token"], name="person_token_by_person"),
            models.Index(fields=["owner_agency", "token", "person"], name="person_token_by_agency"),
        ]

    def __str__(self) -> str:
        return self.token


class SupervisionBasis(models.Model):
    """Why a person is under supervision (reference data, extended by administrators)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive bases stay on old records but are no longer offered."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("supervision basis")
        verbose_name_plural = _("supervision bases")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class DatedRecord(ScopedRecord):
    """A people record filed under the commune as it was listed on the record's date."""

    record_date_field: str = ""

    class Meta:
        abstract = True

    @property
    def record_date(self) -> dt.date | None:
        return getattr(self, self.record_date_field)

    def clean_commune_on_date(self, errors: dict[str, Any]) -> None:
        day = self.record_date
        if self.commune_id and day and not self.commune.is_valid_on(day):
            from giapranh.territory.equivalence import unit_listed_on

            right = unit_listed_on(self.commune, day)
            params = {"unit": self.commune.name, "date": day.strftime("%d/%m/%Y")}
            if right is not None:  # name the right one rather than leave the officer guessing
                errors["commune"] = ValidationError(
                    _("%(unit)s was not in force on %(date)s; on that date it was %(right)s."),
                    code="unit_not_in_force", params={**params, "right": right.name},
                )
                return
            errors["commune"] = ValidationError(
                _("%(unit)s was not in force on %(date)s; choose the commune listed on that date."),
                code="unit_not_in_force",
                params=params,
            )

    @staticmethod
    def clean_period(errors: dict[str, Any], start: dt.date | None, end: dt.date | None, end_field: str) -> None:
        if start and end and end < start:
            errors[end_field] = _("The end date is before the start date.")


class Supervision(DatedRecord):
    """A person under the commune police's supervision (đối tượng thuộc diện quản lý)."""

    record_date_field = "starts_on"

    number = models.CharField(_("number"), max_length=32, blank=True, editable=False, db_index=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="supervisions")
    basis = models.ForeignKey(
        SupervisionBasis, verbose_name=_("basis"), on_delete=models.PROTECT, related_name="supervisions",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty while the supervision goes on."))
    status = models.CharField(_("status"), max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.ACTIVE)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["owner_agency", "starts_on"], name="supervision_agency_start")]

    def __str__(self) -> str:
        return f"{self.number or _('supervision')} — {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("people:supervision_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.clean_commune_on_date(errors)
        self.clean_period(errors, self.starts_on, self.ends_on, "ends_on")
        if self.status == SupervisionStatus.ENDED and not self.ends_on:
            errors.setdefault("ends_on", _("An ended supervision needs its end date."))
        if errors:
            raise ValidationError(errors)



class Measure(DatedRecord):
    """An administrative handling measure decided for a person."""

    record_date_field = "decision_date"

    number = models.CharField(_("number"), max_length=32, blank=True, editable=False, db_index=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="measures")
    supervision = models.ForeignKey(
        Supervision, verbose_name=_("supervision"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="measures",
    )
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    decision_number = models.CharField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    facility = models.CharField(
        _("facility"), max_length=200, blank=True,
        help_text=_("Rehabilitation centre or education institution; required for the compulsory measures."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["owner_agency", "decision_date"], name="measure_agency_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("people:measure_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.clean_commune_on_date(errors)
        self.clean_period(errors, self.starts_on, self.ends_on, "ends_on")
        if self.kind in MEASURES_IN_FACILITY and not self.facility.strip():
            errors["facility"] = _("Name the facility where this measure is served.")
        # supervision_id is set, so supervision is not None.
        if self.supervision_id and self.person_id and cast(Supervision, self.supervision).person_id != self.person_id:
            errors["supervision"] = _("This supervision belongs to another person.")
        if self.decision_date and self.starts_on and self.starts_on < self.decision_date:
            errors.setdefault("starts_on", _("A measure cannot start before it was decided."))
        if errors:
            raise ValidationError(errors)



class ForeignVisit(DatedRecord):
    """One visit of a foreign national to the commune (each row counts once, "lượt")."""

    record_date_field = "arrival_on"

    number = models.CharField(_("number"), max_length=32, blank=True, editable=False, db_index=True)
    visitor = models.ForeignKey(Person, verbose_name=_("visitor"), on_delete=models.PROTECT, related_name="foreign_visits")
    purpose = models.CharField(_("purpose"), max_length=16, choices=VisitPurpose.choices)
    host_household = models.CharField(
        _("host household"), max_length=200, help_text=_("Householder's name and village (thôn)."),
    )
    arrival_on = models.DateField(_("arrival"))
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("foreign visit")
        verbose_name_plural = _("foreign visits")
        ordering = ["-arrival_on", "-id"]
        indexes = [models.Index(fields=["owner_agency", "arrival_on"], name="visit_agency_arrival")]

    def __str__(self) -> str:
        return f"{self.visitor} — {self.arrival_on:%d/%m/%Y}" if self.arrival_on else str(self.visitor)

    def get_absolute_url(self) -> str:
        return reverse("people:visit_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.clean_commune_on_date(errors)
        self.clean_period(errors, self.arrival_on, self.departure_on, "departure_on")
        if self.visitor_id:
            if not self.visitor.is_foreign:
                errors["visitor"] = _("The visitor must be a foreign national.")
            elif not self.visitor.passport_number:
                errors["visitor"] = _("Record the visitor's passport number first.")
        if errors:
            raise ValidationError(errors)



class IllegalExit(DatedRecord):
    """A person who left the country illegally (xuất cảnh trái phép)."""

    record_date_field = "left_on"

    number = models.CharField(_("number"), max_length=32, blank=True, editable=False, db_index=True)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="illegal_exits")
    left_on = models.DateField(_("left on"))
    destination_country = CountryField(_("destination country"), max_length=2, default="CN", help_text=_("ISO country code, e.g. CN, LA."))
    route = models.CharField(_("route"), max_length=200, blank=True, help_text=_("Border crossing, trail or route used."))
    suspected_trafficking = models.BooleanField(_("suspected human trafficking"), default=False)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ExitStatus.choices, default=ExitStatus.ABROAD)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("illegal exit")
        verbose_name_plural = _("illegal exits")
        ordering = ["-left_on", "-id"]
        indexes = [models.Index(fields=["owner_agency", "left_on"], name="exit_agency_left")]

    def __str__(self) -> str:
        return f"{self.person} — {self.left_on:%d/%m/%Y}" if self.left_on else str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("people:exit_detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.clean_commune_on_date(errors)
        self.clean_period(errors, self.left_on, self.returned_on, "returned_on")
        if not COUNTRY_CODE.match(self.destination_country or ""):
            errors["destination_country"] = _("Destination must be a two-letter country code, e.g. CN, LA.")
        if self.status == ExitStatus.RETURNED and not self.returned_on:
            errors.setdefault("returned_on", _("Give the date the person returned."))
        if self.returned_on and self.status != ExitStatus.RETURNED:
            errors["status"] = _("A person with a return date has returned; set the status to returned.")
        if errors:
            raise ValidationError(errors)


class PersonMatch(models.Model):
    """Two persons of different agencies the matcher found probably the same, and what chiefs decided.

    Remembered so that a rerun of `giapranh match` finds the same rows (idempotent) and a
    rejected pair never alerts again. Kept in id order (`first` < `second`). Who may read a
    row is the alert workflow's business: it names persons the reader may not see.
    """

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    score = models.FloatField(_("score"))
    agreements = models.JSONField(_("agreeing attributes"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=MatchStatus.choices, default=MatchStatus.CANDIDATE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("person match")
        verbose_name_plural = _("person matches")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="person_match_pair"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="person_match_ordered"),
        ]
        indexes = [models.Index(fields=["second", "first"], name="person_match_by_second")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.2f}, {self.status})"

