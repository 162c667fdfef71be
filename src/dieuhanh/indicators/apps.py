from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "dieuhanh.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Connects the signals that move the figures version when the catalogue changes.
        from dieuhanh.indicators import figures_cache  # noqa: F401

        # The forms' data version moves with their writes (core.versions).
        from dieuhanh.indicators.versions import connect

        connect()
