"""What the public check-in page keeps besides the check-ins themselves: the 2021 health
declaration (tờ khai y tế) a person may fill in when checking in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["HealthDeclaration"]


class HealthDeclaration(models.Model):
    """One health declaration made on the check-in page (khai báo y tế): the four symptoms and
    arrival from an epidemic area in the last 14 days. `flagged` is true when any answer is yes;
    flagged declarations are listed for the health officers of the venue's unit (arrivals page).
    Purged with the check-ins after the retention period (`declarations_purge`)."""

    person = models.ForeignKey(
        "outbreak.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    venue = models.ForeignKey(
        "outbreak.Venue", verbose_name=_("venue"), on_delete=models.CASCADE, related_name="+"
    )
    # The venue's unit path when declared: health officers of that unit see the declaration.
    unit_path = models.CharField(max_length=255, editable=False)
    declared_at = models.DateTimeField(_("declared at"))
    fever = models.BooleanField(_("fever"), default=False)
    cough = models.BooleanField(_("cough"), default=False)
    breathing = models.BooleanField(_("difficulty breathing"), default=False)
    taste_smell = models.BooleanField(_("loss of taste or smell"), default=False)
    from_epidemic_area = models.BooleanField(
        _("came from an epidemic area in the last 14 days"), default=False
    )
    epidemic_area = models.CharField(_("epidemic area"), max_length=200, blank=True)
    flagged = models.BooleanField(_("any answer yes"), default=False)
    # What the phone's cookie holds to check out later: random, so the cookie never carries the
    # person's id ("" for declarations made before it existed).
    checkin_token = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("health declaration")
        verbose_name_plural = _("health declarations")
        ordering = ["-declared_at", "-id"]
        indexes = [
            models.Index(
                fields=["flagged", "unit_path", "declared_at"], name="declaration_flagged"
            ),
            models.Index(fields=["declared_at"], name="declaration_at"),
            models.Index(fields=["checkin_token"], name="declaration_token"),
        ]

    def __str__(self) -> str:
        return f"#{self.person_id}@{self.venue_id} {self.declared_at:%Y-%m-%d %H:%M}"
