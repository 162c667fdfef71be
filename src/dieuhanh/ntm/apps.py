from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmConfig(AppConfig):
    name = "dieuhanh.ntm"
    label = "ntm"
    verbose_name = _("New-rural development")

    def ready(self) -> None:
        # The module's data version moves with its writes (core.versions).
        from dieuhanh.ntm.versions import connect

        connect()
