from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from dieuhanh.config.api import api

admin.site.site_header = _("dieuhanh administration")
admin.site.site_title = _("dieuhanh admin")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", include("dieuhanh.web.urls")),
    path("units/", include("dieuhanh.orgunits.urls")),
    path("indicators/", include("dieuhanh.indicators.urls")),
    path("ntm/", include("dieuhanh.ntm.urls")),
    path("outbreak/", include("dieuhanh.outbreak.urls")),
    path("c/", include("dieuhanh.outbreak.urls.public")),  # the QR check-in page, no login
    path("direction/", include("dieuhanh.direction.urls")),
    path("reports/", include("dieuhanh.reports.urls")),
    path("accounts/", include("dieuhanh.accounts.urls")),
    path("jobs/", include("dieuhanh.jobs.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler403 = "dieuhanh.web.views.forbidden"
handler404 = "dieuhanh.web.views.not_found"
handler500 = "dieuhanh.web.views.server_error"
