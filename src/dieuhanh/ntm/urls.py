from django.urls import path

from dieuhanh.ntm import views

app_name = "ntm"
urlpatterns = [
    path("", views.index, name="index"),
    path("communes/<str:code>/", views.commune, name="commune"),
    path("communes/<str:code>/<int:year>/", views.assessment, name="assessment"),
    path(
        "communes/<str:code>/recognitions/",
        views.recognition_create,
        name="recognition_create",
    ),
    path("recognitions/<int:pk>/revoke/", views.recognition_revoke_view, name="recognition_revoke"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("export/", views.export, name="export"),
    path("import/", views.import_page, name="import"),
]
