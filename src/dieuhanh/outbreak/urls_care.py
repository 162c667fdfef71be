"""Pages of epidemic care under /outbreak/care/ (names prefixed "care_")."""

from django.urls import URLPattern, path

from dieuhanh.outbreak import care_views as v

urlpatterns: list[URLPattern] = [
    path("care/", v.overview_page, name="care_overview"),
    path("care/contacts/", v.contacts_page, name="care_contacts"),
    path("care/contacts/quarantine/", v.contacts_quarantine, name="care_contacts_quarantine"),
    path("care/quarantines/<int:quarantine_id>/", v.quarantine_page, name="care_quarantine"),
    path("care/quarantines/<int:quarantine_id>/check/", v.quarantine_check, name="care_check"),
    path(
        "care/quarantines/<int:quarantine_id>/release/", v.quarantine_release, name="care_release"
    ),
    path("care/testing/", v.testing_page, name="care_testing"),
    path("care/testing/pools/", v.pool_create, name="care_pool_create"),
    path("care/testing/pools/<str:code>/result/", v.pool_result, name="care_pool_result"),
    path("care/testing/samples/", v.sample_add, name="care_sample_add"),
    path(
        "care/testing/samples/<int:sample_id>/result/", v.sample_result, name="care_sample_result"
    ),
    path("care/arrivals/", v.arrivals_page, name="care_arrivals"),
    path("care/arrivals/add/", v.arrival_add, name="care_arrival_add"),
    path("care/zones/", v.zones_page, name="care_zones"),
    path("care/zones/save/", v.zone_add, name="care_zone_save"),
    path("care/zones/<int:zone_id>/", v.zone_page, name="care_zone"),
    path("care/zones/<int:zone_id>/close/", v.zone_close, name="care_zone_close"),
    path("care/quarantines/<int:quarantine_id>/location/", v.location_set, name="care_location"),
    path("care/readiness/", v.readiness_page, name="care_readiness"),
    path("care/readiness/save/", v.readiness_save, name="care_readiness_save"),
]
