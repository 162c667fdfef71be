"""The epidemic module's data version (core.versions): what the dashboard card and the review's
epidemic section read — cases, visits, exposures, contacts, and care (quarantine, tests,
arrivals, zones, readiness). Persons, check-ins, their stores and identifiers, health
declarations and the personal-data access log are not followed: the public's check-ins write
them (a new phone registers a person), every read of a person logs, and nothing cached reads
them — a moved person's cases and contacts are updated (`person_correct` bumps). The services
that write followed rows with bulk_create, QuerySet.update() or raw SQL bump it themselves
(`bump`)."""

from __future__ import annotations

from dieuhanh.core.versions import data_bump_once, follow

OUTBREAK = "outbreak"


def bump() -> None:
    data_bump_once(OUTBREAK)


def connect() -> None:
    from dieuhanh.outbreak import models as m

    follow(
        OUTBREAK,
        (
            m.Case,
            m.Visit,
            m.Exposure,
            m.Contact,
            m.QuarantineRule,
            m.Facility,
            m.Quarantine,
            m.HealthCheck,
            m.Pool,
            m.Sample,
            m.ScheduledTest,
            m.Arrival,
            m.PersonLocation,
            m.Zone,
            m.RiskCriteria,
            m.UnitHealthProfile,
            m.ReadinessItem,
        ),
    )
