"""Direction (chỉ đạo, điều hành): conferences and their resolutions, tasks and progress;
Party inspection and supervision; the public-order log; public opinion and propaganda.

Every record belongs to an administrative unit version (`unit`, `lead_unit`) so scopes filter it
by that unit's materialised path. Statuses of tasks are computed (direction.pure.status), never
stored, except the facts they come from (deadline, completion date, percent).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.models import TimeStampedModel
from dieuhanh.direction.pure.status import roman
from dieuhanh.orgunits.dating import UnitDating
from dieuhanh.orgunits.models import OrgUnit


class Body(models.TextChoices):
    EXECUTIVE_COMMITTEE = "executive_committee", _("Party Executive Committee")
    STANDING_COMMITTEE = "standing_committee", _("Party Standing Committee")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")


class Conference(TimeStampedModel):
    """Hội nghị: e.g. "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ V, khóa X (mở rộng)".

    Declares no `unit_dating`, nor does `Decision`: a decision shares its conference's unit, and
    dated apart (held on one day, issued days later) an upgrade could part them; both stay on
    the version the upgrade matched."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    term = models.PositiveSmallIntegerField(
        _("term"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    extended = models.BooleanField(_("extended (mở rộng)"), default=False)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    participants = models.TextField(_("participants"), blank=True)
    documents = models.TextField(_("documents"), blank=True, help_text=_("One per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """ "Lần thứ V, khóa X (mở rộng)"-style label (in Vietnamese, as written in documents)."""
        parts = []
        if self.number:
            parts.append(f"lần thứ {roman(self.number)}")
        if self.term:
            parts.append(f"khóa {roman(self.term)}")
        label = "Hội nghị " + ", ".join(parts) if parts else "Hội nghị"
        if self.extended:
            label += " (mở rộng)"
        return label

    @property
    def documents_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class ConferenceDocument(models.Model):
    """A file of a conference (báo cáo, tờ trình, dự thảo nghị quyết…), served only to users
    who see the conference's unit."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="direction/conferences/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "id"]
        verbose_name = _("conference document")
        verbose_name_plural = _("conference documents")

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    CONCLUSION = "conclusion", _("Conclusion")
    DIRECTIVE = "directive", _("Directive")


class Decision(TimeStampedModel):
    """Nghị quyết / kết luận of a conference, or a chỉ thị issued on its own."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("resolution or conclusion")
        verbose_name_plural = _("resolutions and conclusions")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class DecisionPoint(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["decision", "number"]
        verbose_name = _("point")
        verbose_name_plural = _("points")
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="direction_point_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Task(TimeStampedModel):
    """Nhiệm vụ: what, who leads, who cooperates, by when, with what result."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("lead_unit", start="assigned_on"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    decision = models.ForeignKey(
        Decision, verbose_name=_("source"), on_delete=models.PROTECT, related_name="tasks"
    )
    point = models.ForeignKey(
        DecisionPoint,
        verbose_name=_("point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    lead_agency = models.CharField(
        _("lead agency"),
        max_length=200,
        blank=True,
        help_text=_("The office or agency that leads, e.g. the district's Party office."),
    )
    cooperating_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("cooperating units"), blank=True, related_name="+"
    )
    cooperating_agencies = models.CharField(_("cooperating agencies"), max_length=300, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"))
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"), null=True, blank=True
    )
    expected_result = models.TextField(_("expected result"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("assigned_on")), name="direction_task_deadline"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="direction_task_percent"),
        ]
        indexes = [models.Index(fields=["deadline"], name="direction_task_deadline_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee_label(self) -> str:
        return self.lead_agency or self.lead_unit.name


class TaskProgress(models.Model):
    """Báo cáo tiến độ by the assignee."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("reported on"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="direction/progress/", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.task_id} {self.percent}% {self.reported_on}"


class TaskAlert(models.Model):
    """A reminder or escalation sent (once per task, kind and day)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20)
    day = models.DateField()
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "day"], name="direction_alert_once")
        ]
        verbose_name = _("task alert")
        verbose_name_plural = _("task alerts")

    def __str__(self) -> str:
        return f"{self.kind} {self.task_id} {self.day}"


# --- Party inspection and supervision (kiểm tra, giám sát) -------------------------------


class InspectionProgramme(TimeStampedModel):
    """Chương trình kiểm tra, giám sát of a year."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", year="year"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("inspection programme")
        verbose_name_plural = _("inspection programmes")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="direction_programme_year")
        ]

    def __str__(self) -> str:
        return self.title


class SubjectKind(models.TextChoices):
    ORGANISATION = "organisation", _("Party organisation")
    MEMBER = "member", _("Party member")


class InspectionActivity(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class InspectionType(models.TextChoices):
    REGULAR = "regular", _("Regular")
    THEMATIC = "thematic", _("Thematic")
    VIOLATION_SIGNS = "violation_signs", _("Signs of violation")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class InspectionItem(TimeStampedModel):
    programme = models.ForeignKey(
        InspectionProgramme, on_delete=models.CASCADE, related_name="items"
    )
    activity = models.CharField(_("activity"), max_length=20, choices=InspectionActivity.choices)
    subject_kind = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    subject = models.CharField(_("subject name"), max_length=300)
    content = models.TextField(_("content"))
    kind = models.CharField(_("type"), max_length=20, choices=InspectionType.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    responsible_body = models.CharField(_("responsible body"), max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    executed_on = models.DateField(_("carried out on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    violation_found = models.BooleanField(_("violation found"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["period_start", "id"]
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="direction_inspection_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.content[:60]}"


# --- Public order (an ninh, trật tự) -------------------------------------------------------


class OrderCategory(models.TextChoices):
    POLITICAL = "political", _("Political security")
    RELIGION = "religion", _("Religion")
    RURAL = "rural", _("Rural security")
    SOCIAL_ORDER = "social_order", _("Social order and safety")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class EventState(models.TextChoices):
    OPEN = "open", _("Being handled")
    MONITORING = "monitoring", _("Under watch")
    RESOLVED = "resolved", _("Resolved")


class PublicOrderEvent(TimeStampedModel):
    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", start="occurred_on"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    occurred_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=20, choices=OrderCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    state = models.CharField(
        _("status"), max_length=20, choices=EventState.choices, default=EventState.OPEN
    )
    title = models.CharField(_("event"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("public-order event")
        verbose_name_plural = _("public-order events")

    def __str__(self) -> str:
        return self.title


# --- Public opinion and propaganda (dư luận xã hội, tuyên truyền) --------------------------


class OpinionTone(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    MIXED = "mixed", _("Mixed")
    CONCERNED = "concerned", _("Concerned")


class OpinionNote(TimeStampedModel):
    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", start="noted_on"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    noted_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    summary = models.TextField(_("summary"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    tone = models.CharField(_("tone"), max_length=20, choices=OpinionTone.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-noted_on", "-id"]
        verbose_name = _("public opinion note")
        verbose_name_plural = _("public opinion notes")

    def __str__(self) -> str:
        return self.topic


class Channel(models.TextChoices):
    LOUDSPEAKER = "loudspeaker", _("Commune loudspeakers")
    MEETING = "meeting", _("Meetings")
    PRESS = "press", _("Press and radio")
    SOCIAL = "social", _("Social media")
    LEAFLET = "leaflet", _("Leaflets and banners")
    DOOR_TO_DOOR = "door_to_door", _("Door to door")


class Campaign(TimeStampedModel):
    """Đợt tuyên truyền: topic, channels, reach."""

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (UnitDating("unit", start="start", end="end"),)
    """The day(s) a row belongs to (`orgunits upgrade-data` moves it to the version in force)."""
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT)
    topic = models.CharField(_("topic"), max_length=300)
    channels = models.CharField(_("channels"), max_length=200)  # comma-separated Channel codes
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    reach = models.PositiveIntegerField(_("people reached"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("propaganda campaign")
        verbose_name_plural = _("propaganda campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="direction_campaign_period"
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def channel_list(self) -> list[str]:
        return [c for c in self.channels.split(",") if c]

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channel_list]
