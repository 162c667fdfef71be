from django.urls import path

from dieuhanh.ntm.views import assessments as assessments_views
from dieuhanh.ntm.views import exchange as exchange_views
from dieuhanh.ntm.views import recognitions as recognitions_views
from dieuhanh.ntm.views import summary as summary_views

app_name = "ntm"
urlpatterns = [
    path("", summary_views.index, name="index"),
    path("communes/<str:code>/", assessments_views.commune, name="commune"),
    path("communes/<str:code>/<int:year>/", assessments_views.assessment, name="assessment"),
    path(
        "communes/<str:code>/recognitions/",
        recognitions_views.recognition_create,
        name="recognition_create",
    ),
    path(
        "recognitions/<int:pk>/revoke/",
        recognitions_views.recognition_revoke_view,
        name="recognition_revoke",
    ),
    path("attachments/<int:pk>/", assessments_views.attachment, name="attachment"),
    path("export/", exchange_views.export, name="export"),
    path("import/", exchange_views.import_page, name="import"),
]
