from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgUnitsConfig(AppConfig):
    name = "dieuhanh.orgunits"
    label = "orgunits"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        # Cached cards and sections show unit names and read predecessors: key them by the
        # unit-data version too (core.versions).
        from dieuhanh.core.versions import key_every_entry_by
        from dieuhanh.orgunits.tree import units_version

        key_every_entry_by(units_version)
