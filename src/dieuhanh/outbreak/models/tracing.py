"""Persons, cases, venues, check-ins and exposures (tracing — truy vết).

Glossary (docs/design.md §6): F0 is a confirmed case (`Case`), F1 a contact, F2 a contact of a
contact (`Exposure.generation`). Check-ins are kept as UTC epoch seconds so the tracing engine reads
them as plain integers; intervals are half-open `[checked_in_at, checked_out_at)`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.orgunits.models import OrgUnit

__all__ = [
    "Case",
    "CaseOutcome",
    "CheckIn",
    "CheckInPersonBlock",
    "CheckInPersonPart",
    "CheckInStoreState",
    "CheckInVenueBlock",
    "CheckInVenuePart",
    "Contact",
    "ContactStatus",
    "Exposure",
    "ExposureSetting",
    "Person",
    "PersonIdentifier",
    "PersonIdentifierKind",
    "PersonalDataAccess",
    "PersonalDataAction",
    "Sex",
    "Venue",
    "VenueIdentifier",
    "VenueIdentifierKind",
    "Visit",
]


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    UNKNOWN = "U", _("Unknown")


class Person(TimeStampedModel):
    """A person (người) the health office deals with: case, contact, arrival, tested person."""

    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # Materialised path of the unit, copied so that scope filters are one indexed prefix query.
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    village = models.CharField(_("village"), max_length=150, blank=True)
    # Accent-folded keys (bỏ dấu) for search and duplicate detection.
    search_key = models.CharField(max_length=255, editable=False, blank=True)
    name_key = models.CharField(max_length=150, db_index=True, editable=False, blank=True)
    phone_key = models.CharField(max_length=20, editable=False, blank=True)
    anonymised = models.BooleanField(_("anonymised"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["name_key", "birth_year"], name="person_dupe_name"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseOutcome(models.TextChoices):
    TREATMENT = "treatment", _("Under treatment")
    RECOVERED = "recovered", _("Recovered")
    DIED = "died", _("Died")
    TRANSFERRED = "transferred", _("Transferred")


class Case(TimeStampedModel):
    """A confirmed case (ca bệnh, F0)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    code = models.CharField(_("case code"), max_length=20, blank=True)
    disease = models.CharField(_("disease"), max_length=20, default="covid19")
    onset_date = models.DateField(_("onset date"), null=True, blank=True)
    sampled_at = models.DateTimeField(_("sampled at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    isolated_at = models.DateTimeField(_("isolated at"), null=True, blank=True)
    place = models.CharField(_("place of isolation or treatment"), max_length=255, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.TREATMENT
    )
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "disease"], name="case_person_disease"),
        ]

    def __str__(self) -> str:
        return self.code or f"F0 #{self.pk}"


class PersonalDataAction(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    EXPORT = "export", _("exported")
    CORRECT = "correct", _("corrected")
    ANONYMISE = "anonymise", _("anonymised")
    CREATE = "create", _("created")


class PersonalDataAccess(models.Model):
    """One access to a person's identity (nhật ký truy cập dữ liệu cá nhân). Insert-only."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_label = models.CharField(_("user label"), max_length=150, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="accesses"
    )
    action = models.CharField(_("action"), max_length=20, choices=PersonalDataAction.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} #{self.person_id}"


class Venue(TimeStampedModel):
    """A place with a QR check-in code (địa điểm quét mã QR)."""

    code = models.CharField(_("code"), max_length=40, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The venue's QR poster points to /c/<checkin_token> (random, never the id); a new token
    # invalidates every poster printed before. Null: not yet on the check-in page.
    checkin_token = models.CharField(
        _("check-in token"), max_length=43, unique=True, null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    """One check-in per row: `[checked_in_at, checked_out_at)` in UTC epoch seconds (null: +60
    min). Not the store: check-ins live in the packed blocks below (`CheckInVenueBlock`,
    `CheckInPersonBlock`). This plain row table is kept for the benchmarks' baselines (the SQL
    self-join and ORM bulk_create run over the same check-ins loaded here) and is otherwise empty.
    """

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    checked_in_at = models.BigIntegerField(_("checked in at"))
    checked_out_at = models.BigIntegerField(_("checked out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [
            models.Index(fields=["venue", "checked_in_at"], name="checkin_venue_time"),
            models.Index(fields=["person", "checked_in_at"], name="checkin_person_time"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.venue_id} {self.checked_in_at}"


class PackedCheckIns(models.Model):
    """What both block kinds hold: `count` check-ins packed in `data` (see
    `outbreak.pure.checkin_blocks`) and the latest end of a stay among them."""

    count = models.IntegerField(_("check-ins"))
    last_end = models.BigIntegerField()
    data = models.BinaryField()

    class Meta:
        abstract = True


class CheckInVenueBlock(PackedCheckIns):
    """The check-ins at one venue on one UTC day (khối lượt quét mã theo địa điểm, ngày), packed.

    `data` holds `count` check-ins sorted by start as packed records of three little-endian
    int32: start offset from `day * 86400`, stay in seconds (-1: no check-out, 60 minutes) and
    person id (see `outbreak.pure.checkin_blocks`). `last_end` is the latest end of a stay in
    the block.
    """

    venue = models.ForeignKey(
        Venue, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    day = models.IntegerField(_("day"))

    class Meta:
        verbose_name = _("check-in block of a venue")
        verbose_name_plural = _("check-in blocks of venues")
        constraints = [
            models.UniqueConstraint(fields=["venue", "day"], name="checkin_block_venue_day"),
        ]

    def __str__(self) -> str:
        return f"{self.venue_id}@{self.day} ({self.count})"


class CheckInPersonBlock(PackedCheckIns):
    """One person's check-ins over a span of 64 UTC days (khối lượt quét mã theo người), packed
    like `CheckInVenueBlock` with venue ids inside; offsets from `span * 64 * 86400`."""

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    span = models.IntegerField(_("span"))

    class Meta:
        verbose_name = _("check-in block of a person")
        verbose_name_plural = _("check-in blocks of persons")
        constraints = [
            models.UniqueConstraint(fields=["person", "span"], name="checkin_block_person_span"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.span} ({self.count})"


class Visit(TimeStampedModel):
    """A place and time a case visited (mốc dịch tễ), from the epidemiological investigation."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="visits"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=255)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("to"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("visited place")
        verbose_name_plural = _("visited places")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="visit_range"),
        ]

    def __str__(self) -> str:
        return self.place


class ExposureSetting(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    WORK = "work", _("Workplace")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health facility")
    GATHERING = "gathering", _("Gathering")
    VENUE = "venue", _("Venue check-in")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


class Exposure(TimeStampedModel):
    """Who exposed whom, when and where (tiếp xúc). `generation` 1 is F1, 2 is F2."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="exposures"
    )
    source = models.ForeignKey(
        Person, verbose_name=_("source"), on_delete=models.PROTECT, related_name="+"
    )
    exposed = models.ForeignKey(
        Person, verbose_name=_("exposed person"), on_delete=models.PROTECT, related_name="+"
    )
    generation = models.PositiveSmallIntegerField(_("generation"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("to"))
    setting = models.CharField(_("setting"), max_length=20, choices=ExposureSetting.choices)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("exposure")
        verbose_name_plural = _("exposures")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="exposure_range"),
            models.CheckConstraint(
                condition=Q(generation__gte=1) & Q(generation__lte=2), name="exposure_generation"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("exposed")), name="exposure_distinct"
            ),
        ]

    def __str__(self) -> str:
        return f"F{self.generation} {self.source_id}→{self.exposed_id}"


class ContactStatus(models.TextChoices):
    FOLLOWING = "following", _("Under follow-up")
    BECAME_CASE = "became_case", _("Became a case")
    RELEASED = "released", _("Follow-up ended")
    LOST = "lost", _("Lost to follow-up")


class Contact(TimeStampedModel):
    """A person to follow up (theo dõi) because of a case: one per case and person."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="contacts"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="contacts"
    )
    generation = models.PositiveSmallIntegerField(_("generation"))
    via = models.ForeignKey(
        Person,
        verbose_name=_("via"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_exposure_at = models.DateTimeField(_("last exposure"))
    follow_up_until = models.DateField(_("follow up until"))
    status = models.CharField(
        _("status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.FOLLOWING
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["generation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="contact_case_person"),
        ]

    def __str__(self) -> str:
        return f"F{self.generation} #{self.person_id}"


class CheckInVenuePart(PackedCheckIns):
    """Check-ins at a chunk of 64 venues on one UTC day added by a later load (phần nạp thêm),
    `chunk` = venue id >> 6: a load into a non-empty store appends parts instead of rewriting the
    blocks it touches (a day's load would otherwise rewrite every person's block), a row per
    chunk (not per venue: SQLite pays per row). `data` is a header of the chunk's venues (id,
    record bound, latest end) and their records, each venue's as in `CheckInVenueBlock`
    (`outbreak.pure.checkin_chunks`); `count` and `last_end` are the row's totals. Readers take
    blocks and parts together; `dieuhanh checkins compact` merges parts into the blocks. Several
    parts may share a (chunk, day)."""

    chunk = models.BigIntegerField(_("chunk"))  # int8 like the blocks' key: one COPY format
    day = models.IntegerField(_("day"))

    class Meta:
        verbose_name = _("check-in part of a venue")
        verbose_name_plural = _("check-in parts of venues")
        indexes = [models.Index(fields=["chunk", "day"], name="checkin_chunk_venue_day")]

    def __str__(self) -> str:
        return f"+{self.count} @ {self.day}"


class CheckInPersonPart(PackedCheckIns):
    """Check-ins of a chunk of 256 persons over a 64-day span added by a later load, `chunk` =
    person id >> 8, each person's records as in `CheckInPersonBlock` (see `CheckInVenuePart`)."""

    chunk = models.BigIntegerField(_("chunk"))  # int8 like the blocks' key: one COPY format
    span = models.IntegerField(_("span"))

    class Meta:
        verbose_name = _("check-in part of a person")
        verbose_name_plural = _("check-in parts of persons")
        indexes = [models.Index(fields=["chunk", "span"], name="checkin_chunk_person_span")]

    def __str__(self) -> str:
        return f"+{self.count} @ {self.span}"


class PersonIdentifierKind(models.TextChoices):
    CCCD = "cccd", _("CCCD (citizen identity card)")
    CMND = "cmnd", _("CMND (old identity card)")
    PHONE = "phone", _("Phone number")
    PASSPORT = "passport", _("Passport")
    SOURCE = "source", _("Id in another system")


class PersonIdentifier(models.Model):
    """A person's identifier in the outside world (định danh của người): CCCD/CMND, phone,
    passport or an opaque `system:id`, stored normalised (`outbreak.pure.identifiers`), one
    person per (kind, value). Personal data: read only by health roles, every read logged."""

    kind = models.CharField(_("kind"), max_length=10, choices=PersonIdentifierKind.choices)
    value = models.CharField(_("value"), max_length=100)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="identifiers"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person identifier")
        verbose_name_plural = _("person identifiers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="person_identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.person_id}"


class VenueIdentifierKind(models.TextChoices):
    QR = "qr", _("QR code")
    CODE = "code", _("Venue code")


class VenueIdentifier(models.Model):
    """A venue's identifier in the outside world (định danh của địa điểm): the payload of an
    external QR code or an opaque code, one venue per (kind, value)."""

    kind = models.CharField(_("kind"), max_length=10, choices=VenueIdentifierKind.choices)
    value = models.CharField(_("value"), max_length=200)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="identifiers"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("venue identifier")
        verbose_name_plural = _("venue identifiers")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="venue_identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class CheckInStoreState(models.Model):
    """The check-in store's one state row (trạng thái kho lượt quét mã, id 1): `version` goes up
    with every write to the store (load, append, compaction, purge), so a cached trace is keyed
    by it; `purged_before` is the retention horizon, the local date before which check-ins have
    been deleted (`checkins_purge`): a trace whose window starts earlier says so."""

    version = models.BigIntegerField(_("version"), default=0)
    purged_before = models.DateField(_("check-ins deleted before"), null=True, blank=True)
    purged_at = models.DateTimeField(_("last purge"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in store state")
        verbose_name_plural = _("check-in store state")

    def __str__(self) -> str:
        return f"v{self.version}"
