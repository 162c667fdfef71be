from django.urls import path

from dieuhanh.indicators.views import completeness as completeness_views
from dieuhanh.indicators.views import forms as forms_views
from dieuhanh.indicators.views import imports as imports_views
from dieuhanh.indicators.views import quality as quality_views
from dieuhanh.indicators.views import review as review_views
from dieuhanh.indicators.views import values as values_views

app_name = "indicators"
urlpatterns = [
    path("", review_views.review_page, name="review"),
    path("forms/", forms_views.form_list, name="forms"),
    path("followup/", quality_views.followup_page, name="followup"),
    path("forms/<str:data_set>/<str:unit>/<str:period>/", forms_views.entry_page, name="entry"),
    path(
        "forms/<str:data_set>/<str:unit>/<str:period>/check/", forms_views.entry_check, name="check"
    ),
    path(
        "forms/<str:data_set>/<str:unit>/<str:period>/<str:action>/",
        forms_views.entry_action,
        name="action",
    ),
    path("history/<str:unit>/", values_views.history_page, name="history"),
    path("rates/", completeness_views.rates_page, name="rates"),
]

urlpatterns += [
    path("import/", imports_views.import_page, name="import"),
    path(
        "template/<str:data_set>/<str:unit>/<str:period>/",
        imports_views.template_download,
        name="template",
    ),
]
