from django.urls import path

from dieuhanh.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.review_page, name="review"),
    path("forms/", views.form_list, name="forms"),
    path("forms/<str:data_set>/<str:unit>/<str:period>/", views.entry_page, name="entry"),
    path("forms/<str:data_set>/<str:unit>/<str:period>/check/", views.entry_check, name="check"),
    path(
        "forms/<str:data_set>/<str:unit>/<str:period>/<str:action>/",
        views.entry_action,
        name="action",
    ),
    path("history/<str:unit>/", views.history_page, name="history"),
]

urlpatterns += [
    path("import/", views.import_page, name="import"),
    path(
        "template/<str:data_set>/<str:unit>/<str:period>/",
        views.template_download,
        name="template",
    ),
]
