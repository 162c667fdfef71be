from django.urls import path

from dieuhanh.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
