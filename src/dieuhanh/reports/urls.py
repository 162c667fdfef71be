from django.urls import path

from dieuhanh.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.review_page, name="review"),
    path("download/<str:fmt>/", views.review_download, name="download"),
    path("notes/", views.notes_page, name="notes"),
    path("batch/", views.review_batch, name="batch"),
]
