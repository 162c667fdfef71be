from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from dieuhanh.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): without it every
    # such page logs a 404 in the console.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("web/favicon.svg"), permanent=True),
        name="favicon",
    ),
]
