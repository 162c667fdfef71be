"""Users, their role, the units they may capture data for or view, and API tokens."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.orgunits.dating import UnitDating
from dieuhanh.orgunits.models import OrgUnit


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    LEADER = "leader", _("Unit leader")
    DATA_OFFICER = "data_officer", _("Data officer")
    HEALTH_OFFICER = "health_officer", _("Health officer")
    PARTY_OFFICE = "party_office", _("Party committee office")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Access(models.TextChoices):
    CAPTURE = "capture", _("capture and view")
    VIEW = "view", _("view")


class UserScope(TimeStampedModel):
    """A grant over one unit version and everything under it."""

    # A unit-dataset upgrade that splits the granted version in time moves the grant to the
    # last version (orgunits/dating.py): who governs the unit now keeps it.
    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", latest=True),)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scopes")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    access = models.CharField(_("access"), max_length=10, choices=Access.choices)

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "access"], name="userscope_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_access_display()} {self.unit}"


class TokenRevocation(models.TextChoices):
    """Why a token was revoked (thu hồi)."""

    BY_HAND = "by_hand", _("revoked by its owner or an administrator")
    PASSWORD = "password", _("the password of its user changed")
    GRANTS = "grants", _("the role or units of its user changed")


class ApiToken(TimeStampedModel):
    """A bearer token for the REST API. Only its SHA-256 digest is stored.

    It lasts until `expires_at`, and holds for the credentials it was issued against: the
    digests of its user's password hash (`password_mark`) and of their role and unit grants
    (`grants_mark`). When either no longer matches the user, the token is refused and marked
    revoked at its next use (accounts.services.token_use): this covers every way a password,
    a role or a grant can change (the admin, `changepassword`, `set_password` in a shell, an
    edit in the database) without a signal."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    password_mark = models.CharField(max_length=64)
    grants_mark = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("reason revoked"), max_length=10, choices=TokenRevocation.choices, blank=True
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
