"""Pages of epidemic care under /outbreak/care/ (names prefixed "care_")."""

from django.urls import URLPattern, path

from dieuhanh.outbreak.views import dashboard as dashboard_views
from dieuhanh.outbreak.views import quarantine as quarantine_views
from dieuhanh.outbreak.views import readiness as readiness_views
from dieuhanh.outbreak.views import testing as testing_views
from dieuhanh.outbreak.views import zones as zones_views

urlpatterns: list[URLPattern] = [
    path("care/", dashboard_views.overview_page, name="care_overview"),
    path("care/contacts/", quarantine_views.contacts_page, name="care_contacts"),
    path(
        "care/contacts/quarantine/",
        quarantine_views.contacts_quarantine,
        name="care_contacts_quarantine",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/",
        quarantine_views.quarantine_page,
        name="care_quarantine",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/check/",
        quarantine_views.quarantine_check,
        name="care_check",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/release/",
        quarantine_views.quarantine_release,
        name="care_release",
    ),
    path("care/testing/", testing_views.testing_page, name="care_testing"),
    path("care/testing/pools/", testing_views.pool_create, name="care_pool_create"),
    path(
        "care/testing/pools/<str:code>/result/", testing_views.pool_result, name="care_pool_result"
    ),
    path("care/testing/samples/", testing_views.sample_add, name="care_sample_add"),
    path(
        "care/testing/samples/<int:sample_id>/result/",
        testing_views.sample_result,
        name="care_sample_result",
    ),
    path("care/arrivals/", quarantine_views.arrivals_page, name="care_arrivals"),
    path("care/arrivals/add/", quarantine_views.arrival_add, name="care_arrival_add"),
    path("care/zones/", zones_views.zones_page, name="care_zones"),
    path("care/zones/save/", zones_views.zone_add, name="care_zone_save"),
    path("care/zones/<int:zone_id>/", zones_views.zone_page, name="care_zone"),
    path("care/zones/<int:zone_id>/close/", zones_views.zone_close, name="care_zone_close"),
    path(
        "care/quarantines/<int:quarantine_id>/location/",
        zones_views.location_set,
        name="care_location",
    ),
    path("care/readiness/", readiness_views.readiness_page, name="care_readiness"),
    path("care/readiness/save/", readiness_views.readiness_save, name="care_readiness_save"),
]
