from django.urls import URLPattern, path

from dieuhanh.outbreak import views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("persons/", views.persons, name="persons"),
    path("persons/export/", views.persons_export, name="persons_export"),
    path("persons/<int:person_id>/", views.person_detail, name="person"),
    path("persons/<int:person_id>/correct/", views.person_correct, name="person_correct"),
    path("persons/<int:person_id>/anonymise/", views.person_anonymise, name="person_anonymise"),
    path("persons/<int:person_id>/confirm/", views.case_confirm, name="case_confirm"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/update/", views.case_update, name="case_update"),
    path("cases/<int:case_id>/visits/", views.visit_add, name="visit_add"),
    path("cases/<int:case_id>/exposures/", views.exposure_add, name="exposure_add"),
    path("cases/<int:case_id>/trace/", views.case_trace, name="case_trace"),
    path(
        "cases/<int:case_id>/contacts/",
        views.case_contacts_from_trace,
        name="contacts_from_trace",
    ),
    path("chains/", views.chains, name="chains"),
    path("chains/data/", views.chains_json, name="chains_data"),
]
