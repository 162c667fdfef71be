"""Settings of the worker processes the SIGKILL test starts: the tests' settings, the probe app,
a short lease and no timetable."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.probe"]  # noqa: F405
JOBS_SCHEDULE = {}
