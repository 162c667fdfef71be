from django.urls import URLPattern, path

from dieuhanh.outbreak.views import cases as cases_views
from dieuhanh.outbreak.views import chains as chains_views
from dieuhanh.outbreak.views import contacts as contacts_views
from dieuhanh.outbreak.views import dashboard as dashboard_views
from dieuhanh.outbreak.views import persons as persons_views
from dieuhanh.outbreak.views import tracing as tracing_views
from dieuhanh.outbreak.views import venues as venues_views

urlpatterns: list[URLPattern] = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("persons/", persons_views.persons, name="persons"),
    path("persons/export/", persons_views.persons_export, name="persons_export"),
    path("persons/<int:person_id>/", persons_views.person_detail, name="person"),
    path("persons/<int:person_id>/reason/", persons_views.access_reason_give, name="access_reason"),
    path("persons/<int:person_id>/correct/", persons_views.person_correct, name="person_correct"),
    path(
        "persons/<int:person_id>/anonymise/",
        persons_views.person_anonymise,
        name="person_anonymise",
    ),
    path("persons/<int:person_id>/confirm/", cases_views.case_confirm, name="case_confirm"),
    path("cases/<int:case_id>/", cases_views.case_detail, name="case"),
    path("cases/<int:case_id>/update/", cases_views.case_update, name="case_update"),
    path("cases/<int:case_id>/visits/", cases_views.visit_add, name="visit_add"),
    path("cases/<int:case_id>/exposures/", contacts_views.exposure_add, name="exposure_add"),
    path("cases/<int:case_id>/trace/", tracing_views.case_trace, name="case_trace"),
    path(
        "cases/<int:case_id>/contacts/",
        contacts_views.case_contacts_from_trace,
        name="contacts_from_trace",
    ),
    path("chains/", chains_views.chains, name="chains"),
    path("chains/data/", chains_views.chains_json, name="chains_data"),
    path("venues/", venues_views.venues_page, name="venues"),
    path("venues/posters.pdf", venues_views.venues_posters, name="venues_posters"),
    path("venues/<int:venue_id>/", venues_views.venue_update, name="venue_update"),
    path("venues/<int:venue_id>/token/", venues_views.venue_token_regenerate, name="venue_token"),
    path("venues/<int:venue_id>/poster.pdf", venues_views.venue_poster, name="venue_poster"),
]
