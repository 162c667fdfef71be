"""Pages of epidemic care under /outbreak/care/ (names prefixed "care_")."""

from django.urls import URLPattern, path

from dieuhanh.outbreak.views import dashboard as dashboard_v
from dieuhanh.outbreak.views import quarantine as quarantine_v
from dieuhanh.outbreak.views import readiness as readiness_v
from dieuhanh.outbreak.views import testing as testing_v
from dieuhanh.outbreak.views import zones as zones_v

urlpatterns: list[URLPattern] = [
    path("care/", dashboard_v.overview_page, name="care_overview"),
    path("care/contacts/", quarantine_v.contacts_page, name="care_contacts"),
    path(
        "care/contacts/quarantine/",
        quarantine_v.contacts_quarantine,
        name="care_contacts_quarantine",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/",
        quarantine_v.quarantine_page,
        name="care_quarantine",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/check/",
        quarantine_v.quarantine_check,
        name="care_check",
    ),
    path(
        "care/quarantines/<int:quarantine_id>/release/",
        quarantine_v.quarantine_release,
        name="care_release",
    ),
    path("care/testing/", testing_v.testing_page, name="care_testing"),
    path("care/testing/pools/", testing_v.pool_create, name="care_pool_create"),
    path("care/testing/pools/<str:code>/result/", testing_v.pool_result, name="care_pool_result"),
    path("care/testing/samples/", testing_v.sample_add, name="care_sample_add"),
    path(
        "care/testing/samples/<int:sample_id>/result/",
        testing_v.sample_result,
        name="care_sample_result",
    ),
    path("care/arrivals/", quarantine_v.arrivals_page, name="care_arrivals"),
    path("care/arrivals/add/", quarantine_v.arrival_add, name="care_arrival_add"),
    path("care/zones/", zones_v.zones_page, name="care_zones"),
    path("care/zones/save/", zones_v.zone_add, name="care_zone_save"),
    path("care/zones/<int:zone_id>/", zones_v.zone_page, name="care_zone"),
    path("care/zones/<int:zone_id>/close/", zones_v.zone_close, name="care_zone_close"),
    path(
        "care/quarantines/<int:quarantine_id>/location/", zones_v.location_set, name="care_location"
    ),
    path("care/readiness/", readiness_v.readiness_page, name="care_readiness"),
    path("care/readiness/save/", readiness_v.readiness_save, name="care_readiness_save"),
]
