"""Pages of the epidemic response under /outbreak/: tracing (dashboard, persons, cases, the trace,
chains) and care under /outbreak/care/ (names prefixed "care_")."""

from dieuhanh.outbreak.urls.care import urlpatterns as care_urlpatterns
from dieuhanh.outbreak.urls.tracing import urlpatterns as tracing_urlpatterns

app_name = "outbreak"
urlpatterns = [*tracing_urlpatterns, *care_urlpatterns]
