from dieuhanh.outbreak.urls_care import urlpatterns as care_urlpatterns
from dieuhanh.outbreak.urls_tracing import urlpatterns as tracing_urlpatterns

app_name = "outbreak"
urlpatterns = [*tracing_urlpatterns, *care_urlpatterns]
