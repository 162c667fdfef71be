"""The public check-in page under /c/ (no login): `/c/<token>` and its check-out."""

from django.urls import URLPattern, path

from dieuhanh.outbreak.views import checkin_page as checkin_views

app_name = "checkin"
urlpatterns: list[URLPattern] = [
    path("<str:token>", checkin_views.checkin_page, name="page"),
    path("<str:token>/out", checkin_views.checkout_page, name="out"),
]
