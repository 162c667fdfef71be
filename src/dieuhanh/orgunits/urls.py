from django.urls import path

from dieuhanh.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("pick/", views.unit_pick, name="pick"),
    path("<str:code>/", views.unit_page, name="detail"),
    path("<str:code>/children/", views.unit_children_partial, name="children"),
]
