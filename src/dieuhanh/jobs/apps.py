from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class JobsConfig(AppConfig):
    default = True  # the module holds two app configs (and imports a third)
    name = "dieuhanh.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db (the queue's table), titled for the admin index; its model's names are
    translated in the project catalogue."""

    default = False
    # Django takes a lazy string here (the admin translates it); the library annotates str.
    verbose_name = _("Job queue")  # type: ignore[assignment]
