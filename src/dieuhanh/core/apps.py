from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dieuhanh.core"
    label = "core"
    verbose_name = _("System")

    def ready(self) -> None:
        # PostgreSQL: timestamps parsed by psycopg's C loader (see pg_types).
        from dieuhanh.core import pg_types  # noqa: F401
