"""The epidemic module's data version (core.versions): what the dashboard card and the review's
epidemic section read — persons, cases, exposures, contacts, and care (quarantine, tests,
arrivals, zones, readiness). Check-ins, their stores and identifiers, health declarations and
the personal-data access log are not followed: they are written by the public and by every
read of a person, and nothing cached reads them. The services that write followed rows with
bulk_create, QuerySet.update() or raw SQL bump it themselves (`bump`)."""

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
            m.Person,
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
