app_name = "ntm"
urlpatterns: list[object] = []
