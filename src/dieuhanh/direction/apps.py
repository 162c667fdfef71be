from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionConfig(AppConfig):
    name = "dieuhanh.direction"
    label = "direction"
    verbose_name = _("Direction")

    def ready(self) -> None:
        # The module's data version moves with its writes (core.versions).
        from dieuhanh.direction.versions import connect

        connect()
