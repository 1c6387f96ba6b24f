from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giapranh.core.text import fold
from giapranh.people.choices import Gender


class Person(models.Model):
    """A person known to a commune police: a suspect, victim, witness, supervised person or visitor.

    Only what the records need is collected. Visibility: the agency that recorded
    the person (and its superiors), and whoever may see a record the person is part of.
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
    nationality = models.CharField(_("nationality"), max_length=2, default="VN", help_text=_("ISO country code, e.g. VN, CN, LA."))
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    home_commune = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("home commune"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Village (thôn), hamlet, house number."))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    search_key = models.CharField(max_length=330, db_index=True, editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["search_key", "id"]

    def __str__(self) -> str:
        year = self.birth_date.year if self.birth_date else self.birth_year
        return f"{self.full_name} ({year})" if year else self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", kwargs={"public_id": self.public_id})

    def build_search_key(self) -> str:
        return fold(" ".join(filter(None, [self.full_name, self.other_names.replace(",", " ")])))[:330]

    @property
    def is_foreign(self) -> bool:
        return self.nationality.upper() != "VN"
