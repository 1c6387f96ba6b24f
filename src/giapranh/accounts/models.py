from __future__ import annotations

import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from giapranh.accounts.choices import AgencyKind, Role
from giapranh.territory.models import AdminUnit

# Roles that sign off, read across communes or administer: a stolen password alone must not do.
MFA_REQUIRED_ROLES = frozenset({Role.COMMUNE_CHIEF, Role.SUPERIOR, Role.COORDINATOR, Role.ADMINISTRATOR})


class Agency(models.Model):
    """A police agency; the tree is provincial → district → commune police.

    `path` is a materialized path ("000001/000007/") so that "this agency and
    everything below it" is one indexed prefix match.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("short code"), max_length=12, unique=True,
        help_text=_("Prefix of this agency's record numbers, e.g. QY for QY-2020-015."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    jurisdiction = models.ForeignKey(
        AdminUnit, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="agencies",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # The path needs the primary key, so a new row is saved twice.
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        path = f"{self.parent.path if self.parent else ''}{self.pk:06d}/"
        if path != self.path:
            old = self.path
            self.path = path
            Agency.objects.filter(pk=self.pk).update(path=path)
            if old:
                for child in Agency.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Agency.objects.filter(pk=child.pk).update(path=path + child.path[len(old):])

    def clean(self) -> None:
        parent = self.parent
        while parent is not None:
            if parent.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An agency cannot be placed under itself.")})
            parent = parent.parent

    def ancestors(self) -> models.QuerySet[Agency]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Agency.objects.filter(pk__in=ids).exclude(pk=self.pk)

    def subtree(self) -> models.QuerySet[Agency]:
        return Agency.objects.filter(path__startswith=self.path)


class User(AbstractUser):
    """A person who signs in. Belongs to one agency and has one role."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.COMMUNE_OFFICER)
    # Raised by accounts.services when a sign-in must end everywhere (role or agency
    # changed, account disabled, two-step sign-in reset): it is part of the session hash.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role != Role.ADMINISTRATOR and self.agency_id is None:
            raise ValidationError({"agency": _("Every user except administrators belongs to an agency.")})

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's session hash covers the password only; the epoch ends sessions on other changes too.
        key_salt = "giapranh.accounts.User.session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256").hexdigest()

    @property
    def mfa_required(self) -> bool:
        """Chiefs, superiors, coordinators and administrators must use two-step sign-in."""
        return self.role in MFA_REQUIRED_ROLES

    @property
    def is_chief(self) -> bool:
        return self.role == Role.COMMUNE_CHIEF

    @property
    def sees_records(self) -> bool:
        """Steering viewers and administrators never see operational records."""
        return self.role not in (Role.STEERING, Role.ADMINISTRATOR) and self.agency_id is not None


class ApiToken(models.Model):
    """A per-user API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "gr_" + secrets.token_urlsafe(32)
