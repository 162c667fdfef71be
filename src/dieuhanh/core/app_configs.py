"""Django's and third parties' apps as dieuhanh installs them (settings.INSTALLED_APPS): the
admin, whose discovery a console command may skip, and django-axes titled in Vietnamese."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):  # type: ignore[misc]  # axes ships no type information
    """django-axes (the lockout after repeated failed logins), titled for the admin index; its
    model names are translated in the project catalogue."""

    verbose_name = _("Login protection")


class AdminConfig(SimpleAdminConfig):
    """The admin, discovering the apps' `admin` modules at start-up as Django's default does,
    unless the console said the command at hand never needs them (`dieuhanh.cli.WITHOUT_ADMIN`):
    importing the admin modules pulls in selectors and services of every app, about a sixth of
    the start of `dieuhanh periods show`. The web server and `check` always discover."""

    autodiscover = True

    def ready(self) -> None:
        super().ready()
        if AdminConfig.autodiscover:
            admin.autodiscover()
