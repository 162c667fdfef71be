"""Users, their role, the units they may capture data for or view, and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
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


class ApiToken(TimeStampedModel):
    """A bearer token for the REST API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
