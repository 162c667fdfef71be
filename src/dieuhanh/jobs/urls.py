from django.urls import path

from dieuhanh.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:job_id>/", views.job_detail, name="detail"),
    path("<uuid:job_id>/status/", views.job_status, name="status"),
    path("<uuid:job_id>/download/", views.job_download, name="download"),
    path("<uuid:job_id>/cancel/", views.job_cancel_view, name="cancel"),
]
