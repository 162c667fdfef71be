from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutbreakConfig(AppConfig):
    name = "dieuhanh.outbreak"
    label = "outbreak"
    verbose_name = _("Epidemic response")

    def ready(self) -> None:
        # The module's data version moves with its writes (core.versions).
        from dieuhanh.outbreak.versions import connect

        connect()
