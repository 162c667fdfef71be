app_name = "outbreak"
urlpatterns: list[object] = []
